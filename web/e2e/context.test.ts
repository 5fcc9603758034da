import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnrichWorker } from '../../src/processes/enrich-worker.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

/**
 * What the issue asks of the conversation screen beyond the basics: the original post above the
 * comments, attachments previewed safely, language and sentiment, delivery failures with the
 * network's words and a retry, and the workspace's own tone rules underlining a draft.
 */
let s: Stack;
let stopEnrich: () => Promise<void>;
beforeAll(async () => {
  s = await startStack();
  stopEnrich = startEnrichWorker(s.t.app);
  mkdirSync(SHOTS_DIR, { recursive: true });
});
afterAll(async () => {
  await stopEnrich?.();
  await s?.close();
});

const PASSWORD = 'correct horse battery';

describe(`conversation context in a browser (${testDialect})`, () => {
  it('shows the original post above the comments, attachments safely, and the customer’s language and mood', async () => {
    await s.inbound({
      from: { id: 'op-1', name: 'Olga Post' },
      text: 'This is terrible, the lid broke on the first day and nobody answers me!',
      conversation: {
        kind: 'comment',
        item_id: 'post-lids',
        item: {
          text: 'Meet the new travel mug: a lid that never leaks.',
          author: 'Acme Mugs',
          url: 'https://shop.example/p/lids',
          media_url: 'https://scontent.xx.fbcdn.net/v/mug.jpg',
          timestamp: '2026-03-01T10:00:00Z',
        },
      },
      attachments: [
        { type: 'image', url: 'https://pbs.twimg.com/media/lid.jpg', name: 'lid.jpg' },
        { type: 'file', url: 'https://files.evil.example/invoice.pdf', name: 'invoice.pdf' },
        { type: 'image', url: 'https://tracker.evil.example/pixel.png', name: 'pixel.png' },
        { type: 'file', url: 'javascript:alert(1)', name: 'click-me' },
      ],
    });
    const id = await conversationOf(s, 'Olga Post');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto(`/inbox/all/${id}`);
    const op = page.getByTestId('original-post');
    await op.getByText('Meet the new travel mug: a lid that never leaks.').waitFor();
    await op.getByText('Acme Mugs').waitFor();
    expect(await op.getByRole('link', { name: 'Open (shop.example)' }).getAttribute('href')).toBe('https://shop.example/p/lids');
    expect(await op.getByRole('link').first().getAttribute('rel')).toContain('noreferrer');
    expect(await op.locator('img').getAttribute('src')).toBe('https://scontent.xx.fbcdn.net/v/mug.jpg');
    // the post sits above the first message
    const [opBox, msgBox] = await Promise.all([op.boundingBox(), page.locator('[data-testid=message]').first().boundingBox()]);
    expect(opBox!.y).toBeLessThan(msgBox!.y);

    const atts = page.getByRole('list', { name: 'Attachments' });
    // an image from a network's media host is previewed; one from anywhere else is only a link naming its host
    expect(await atts.locator('img').count()).toBe(1);
    expect(await atts.locator('img').getAttribute('src')).toBe('https://pbs.twimg.com/media/lid.jpg');
    expect(await atts.locator('img').getAttribute('referrerpolicy')).toBe('no-referrer');
    await atts.getByText('tracker.evil.example').waitFor();
    await atts.getByText('files.evil.example').waitFor();
    expect(await atts.getByRole('link').count()).toBe(3);
    expect(await atts.locator('a[href^="javascript"]').count()).toBe(0);
    await atts.getByText('Attachment: click-me').waitFor();

    // the enrichment worker reads the message: English, upset — on the message and in the header
    await page.locator('[data-testid=message] .msg-lang', { hasText: 'en' }).waitFor({ timeout: 8000 });
    await page.locator('[data-testid=message] .chip.sentiment.negative').waitFor();
    await page.locator('.conv-head .chip.sentiment.negative').waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/original-post-${testDialect}.png` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a failed reply shows why (the callback’s status); Retry sends it again and it is delivered', async () => {
    s.fake.setResponder((r) =>
      String(r.body?.message?.text ?? '').includes('warranty') ? { status: 422, body: { error: 'recipient has blocked the brand account' } } : { status: 200 },
    );
    await s.inbound({ from: { id: 'fail-1', name: 'Fiona Fail' }, text: 'Is the kettle under warranty?' });
    const id = await conversationOf(s, 'Fiona Fail');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto(`/inbox/all/${id}`);
    await page.getByRole('textbox', { name: /private message/i }).fill('Yes, two years of warranty, Fiona.');
    await page.getByRole('button', { name: 'Send privately' }).click();
    const failed = page.locator('[data-testid=delivery][data-status=failed]');
    await failed.waitFor();
    expect(await failed.getAttribute('role')).toBe('alert');
    await failed.getByText('The network said: the callback URL answered HTTP 422').waitFor();
    // the callback is the brand's own server, not a network: its answer's body is not echoed (SSRF rule, issue 17)
    expect(await failed.getByText('recipient has blocked the brand account').count()).toBe(0);
    s.fake.setResponder(() => ({ status: 200 }));
    await failed.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-testid=delivery][data-status=sent], [data-testid=delivery][data-status=delivered]').waitFor();
    expect(s.fake.accepted.size).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an admin adds a tone rule in settings; the composer underlines it with the reason', async () => {
    await s.inbound({ from: { id: 'tone-1', name: 'Tara Tone' }, text: 'How do I descale the kettle?' });
    const id = await conversationOf(s, 'Tara Tone');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/settings/tone-rules');
    await page.getByRole('heading', { name: 'Tone rules' }).waitFor();
    // built-in rules are listed per language
    await page.getByRole('table', { name: 'Built-in rules for' }).getByText('obviously', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add a rule' }).click();
    await page.getByLabel('Language', { exact: true }).fill('en');
    await page.getByLabel('Kind').selectOption('dismissive');
    await page.getByLabel('Phrase or pattern').fill('per the manual');
    await page.getByLabel('Reason shown to the agent (optional)').fill('Sounds like "read the manual": walk them through it');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('table', { name: 'Your rules' }).getByText('per the manual').waitFor();
    // and switch a built-in phrase off
    await page.getByRole('checkbox', { name: 'Use rule "simply"' }).click();
    await page.getByRole('table', { name: 'Built-in rules for' }).locator('tr.off', { hasText: 'simply' }).waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/tone-rules-${testDialect}.png` });

    await page.goto(`/inbox/all/${id}`);
    await page.getByRole('textbox', { name: /private message/i }).fill('Hi Tara, per the manual you simply run it with vinegar.');
    const mark = page.locator('.highlighter mark.hl.tone', { hasText: 'per the manual' });
    await mark.waitFor({ timeout: 5000 });
    await page.locator('.tone-hints').getByText('Sounds like "read the manual": walk them through it').waitFor();
    expect(await page.locator('.highlighter mark.hl.tone', { hasText: 'simply' }).count()).toBe(0);
    // hints never block
    expect(await page.getByRole('button', { name: 'Send privately' }).isEnabled()).toBe(true);
    await page.screenshot({ path: `${SHOTS_DIR}/tone-hint-${testDialect}.png` });

    // an agent can read the rules but not change them
    const agent = await s.member('agent', 'Andy Agent');
    const a = await signIn(s, agent.email, agent.password);
    await a.page.goto('/settings/tone-rules');
    await a.page.getByRole('table', { name: 'Your rules' }).getByText('per the manual').waitFor();
    expect(await a.page.getByRole('button', { name: 'Add a rule' }).count()).toBe(0);
    expect(await a.page.getByRole('checkbox').count()).toBe(0);
    await a.context.close();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe(`phone layout and accessibility (${testDialect})`, () => {
  it('at 390×844: queue → conversation → back, composer reachable, contact details on demand', async () => {
    await s.inbound({ from: { id: 'ph-1', name: 'Pedro Phone' }, text: 'Olá, meu pedido não chegou.' });
    await conversationOf(s, 'Pedro Phone');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD, { width: 390, height: 844 });
    await page.goto('/inbox/all');
    const row = page.locator('[data-testid=queue-row]', { hasText: 'Pedro Phone' });
    await row.waitFor();
    const noSideScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await noSideScroll()).toBe(true);
    await row.locator('.row-main').click();
    // one pane: the conversation, with its composer on screen and usable
    await page.locator('.composer').waitFor();
    expect(await page.locator('.queue').isVisible()).toBe(false);
    const box = page.getByRole('textbox', { name: /private message/i });
    const b = (await box.boundingBox())!;
    expect(b.y + b.height).toBeLessThanOrEqual(844);
    expect(b.width).toBeGreaterThan(300);
    const send = page.getByRole('button', { name: 'Send privately' });
    const sb = (await send.boundingBox())!;
    expect(sb.y + sb.height).toBeLessThanOrEqual(844);
    expect(sb.height).toBeGreaterThanOrEqual(32); // a finger-sized target
    expect(await noSideScroll()).toBe(true);
    await box.fill('Olá Pedro, vamos verificar agora mesmo.');
    await send.click();
    await page.locator('[data-testid=message]', { hasText: 'vamos verificar' }).waitFor();
    // contact details come as a drawer
    await page.getByRole('button', { name: 'Contact', exact: true }).click();
    const panel = page.getByRole('complementary', { name: 'Contact' });
    await panel.waitFor();
    expect(await panel.isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS_DIR}/phone-contact-${testDialect}.png` });
    await panel.getByRole('button', { name: 'Close contact details' }).click();
    expect(await panel.isVisible()).toBe(false);
    // from the keyboard: focus moves into the drawer, Esc closes it and stays in the conversation
    await page.getByRole('button', { name: 'Contact', exact: true }).click();
    await page.waitForFunction(() => document.activeElement?.classList.contains('contact-close'));
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await page.locator('.composer').isVisible()).toBe(true);
    // back to the queue
    await page.getByRole('button', { name: 'Back to queue' }).click();
    await row.waitFor();
    expect(await page.locator('.composer').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('every control has a name, the keyboard reaches the conversation, the composer and the assignee, and text has readable contrast', async () => {
    await s.inbound({
      from: { id: 'a11y-1', name: 'Alma Access' },
      text: 'Do you ship to Hanoi?',
      conversation: { kind: 'comment', item_id: 'post-a11y', item: { text: 'Free shipping this week', author: 'Acme' } },
    });
    const id = await conversationOf(s, 'Alma Access');
    const { page, context } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto(`/inbox/all/${id}`);
    await page.getByTestId('original-post').getByText('Free shipping this week').waitFor();
    await page.waitForTimeout(300);

    expect(await unnamedControls(page)).toEqual([]);

    // Tab from the top: the skip link comes first and lands in the conversation
    await page.reload();
    await page.getByTestId('original-post').getByText('Free shipping this week').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#conversation');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('conversation');
    // r puts the caret in the composer
    await page.keyboard.press('r');
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA', undefined, { timeout: 2000 });
    // Esc leaves the composer (and stays in the conversation); a goes to the assignee
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('TEXTAREA');
    await page.keyboard.press('a');
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.labels?.[0]?.textContent)).toContain('Assignee');

    expect(await lowContrast(page)).toEqual([]);

    // the same on the settings pages and on a phone
    await page.goto('/settings/tone-rules');
    await page.getByRole('table', { name: 'Built-in rules for' }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);
    await context.close();
    const phone = await signIn(s, s.ownerEmail, PASSWORD, { width: 390, height: 844 });
    await phone.page.goto('/inbox/all');
    await phone.page.locator('[data-testid=queue-row]').first().waitFor();
    expect(await unnamedControls(phone.page)).toEqual([]);
    expect(await lowContrast(phone.page)).toEqual([]);
    await phone.page.getByRole('button', { name: 'Menu' }).click();
    await phone.page.locator('nav.sidebar.open').waitFor();
    expect(await lowContrast(phone.page)).toEqual([]);
    // settings on a phone: one column, nothing wider than the screen
    await phone.page.goto('/settings/tone-rules');
    await phone.page.getByRole('table', { name: 'Built-in rules for' }).waitFor();
    await phone.page.screenshot({ path: `${SHOTS_DIR}/phone-tone-rules-${testDialect}.png` });
    expect(await tooWide(phone.page)).toEqual([]);
    expect(await unnamedControls(phone.page)).toEqual([]);
    for (const section of ['profile', 'members', 'teams', 'channels', 'saved-replies']) {
      await phone.page.goto(`/settings/${section}`);
      await phone.page.locator('.settings-body h2').first().waitFor();
      await phone.page.waitForTimeout(200);
      expect({ section, wide: await tooWide(phone.page), unnamed: await unnamedControls(phone.page) }).toEqual({ section, wide: [], unnamed: [] });
    }
    await phone.context.close();
  });
});

/** Visible controls without an accessible name (aria-label, labelledby, <label>, text, title or img alt). */
function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const name = (el: Element): string => {
      const h = el as HTMLElement;
      const aria = h.getAttribute('aria-label') ?? '';
      const by = (h.getAttribute('aria-labelledby') ?? '')
        .split(/\s+/)
        .map((i) => document.getElementById(i)?.textContent ?? '')
        .join(' ');
      const labels = 'labels' in h ? [...((h as HTMLInputElement).labels ?? [])].map((l) => l.textContent ?? '').join(' ') : '';
      const alt = [...h.querySelectorAll('img[alt]')].map((i) => i.getAttribute('alt')).join(' ');
      return `${aria} ${by} ${labels} ${h.title} ${alt} ${['INPUT', 'SELECT', 'TEXTAREA'].includes(h.tagName) ? '' : h.textContent}`.trim();
    };
    return [...document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, [role=tab], [role=checkbox]')]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .filter((el) => !name(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

/** Visible text below WCAG AA contrast (4.5:1; 3:1 for large text); disabled controls and placeholders exempt. */
function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const bgOf = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0.5)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      if (!n.textContent?.trim() || el.offsetParent === null || el.closest('[disabled], [aria-hidden=true], .highlighter, .sr-only')) continue;
      const st = getComputedStyle(el);
      if (st.visibility === 'hidden' || Number(st.opacity) < 0.5) continue;
      const fg = rgb(st.color);
      const bg = bgOf(el);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (a! + 0.05) / (b! + 0.05);
      const size = parseFloat(st.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(st.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`${ratio.toFixed(2)} "${n.textContent.trim().slice(0, 30)}" in .${el.className}`);
    }
    return [...new Set(out)];
  });
}

/** Elements that stick out past the right edge of the screen (the page would scroll sideways). */
function tooWide(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= window.innerWidth + 1 || getComputedStyle(el).position === 'fixed') return false;
        // inside a box that scrolls (or clips) sideways on its own, the page itself does not
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return false;
        return true;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
      .slice(0, 10),
  );
}
