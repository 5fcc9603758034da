import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { testDialect } from '../../src/test/store.js';
import { SHOTS_DIR, signIn, startStack, type Stack } from './harness.js';

// Listening speaks to people: source kinds, suggestions, statuses, sentiments and intents by
// name, never their stored keys; dates in the person's own languages and time zone; top terms
// as they were written (issue 20, item 11).
let s: Stack;
const PASSWORD = 'correct horse battery';
// 23:30 UTC on 22 November is already 23 November in Berlin.
const NOW = Date.parse('2026-11-22T23:30:00Z');
const POSTED = Date.parse('2026-11-20T23:30:00Z');

beforeAll(async () => {
  s = await startStack();
  mkdirSync(SHOTS_DIR, { recursive: true });
  const r = await s.t.req('POST', '/api/v1/listening/queries', { token: s.w.token, body: { name: 'Globex', query: 'globex', kind: 'competitor' } });
  const queryId = ((await r.json()) as { id: string }).id;
  const db = s.t.app.store.db;
  const texts = ['Globex café froid, réfrigérateur en panne', 'Globex café tiède', 'Globex cafe machine'];
  for (const [i, text] of texts.entries()) {
    const postId = newId();
    const mentionId = newId();
    await db
      .insertInto('listening_posts')
      .values({
        id: postId,
        workspace_id: s.w.workspaceId,
        source_id: 'src',
        source_kind: 'x_stream',
        source_item_id: `lbl-${i}`,
        author: 'zoe',
        author_name: 'Zoé',
        url: `https://x.com/zoe/status/${i}`,
        text,
        text_folded: text.toLowerCase(),
        lang: 'fr',
        posted_at: POSTED - i * 3_600_000,
        extra: '{}',
        fetched_at: POSTED,
      })
      .execute();
    await db
      .insertInto('mentions')
      .values({
        id: mentionId,
        workspace_id: s.w.workspaceId,
        post_id: postId,
        source_kind: 'x_stream',
        lang: 'fr',
        sentiment: 'negative',
        intent: 'complaint',
        needs_reply: null,
        troll_score: null,
        analysis: '{}',
        suggestion: 'observe',
        suggestion_reason: 'a competitor mention',
        status: 'new',
        conversation_id: null,
        acted_by: null,
        acted_at: null,
        created_at: POSTED,
      })
      .execute();
    await db.insertInto('mention_queries').values({ workspace_id: s.w.workspaceId, mention_id: mentionId, query_id: queryId }).execute();
  }
});
afterAll(async () => {
  await s?.close();
});

describe(`listening in people's words (${testDialect})`, () => {
  it('labels keys, shows dates in the reader’s languages and time zone, and top terms as written', async () => {
    // Someone in Berlin whose browser speaks English but who prefers German formats.
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD, undefined, { timezoneId: 'Europe/Berlin' });
    page.setDefaultTimeout(8000);
    await context.addInitScript(() => {
      Object.defineProperty(navigator, 'languages', { get: () => ['de-DE', 'de', 'en'] });
    });
    await page.clock.setFixedTime(NOW);
    await page.goto('/listening');
    const mention = page.getByTestId('mention').filter({ hasText: 'réfrigérateur en panne' });
    await mention.waitFor();
    expect(await mention.getByTestId('mention-source').textContent()).toBe('X filtered stream');
    expect(await mention.getByTestId('suggestion').textContent()).toBe('Suggested: observe');
    expect(await mention.getByTestId('mention-status').textContent()).toBe('New');
    expect(await mention.textContent()).toContain('French · Negative · complaint');
    expect(await mention.textContent()).not.toMatch(/x_stream|\bobserve\b/);
    // 23:30 UTC on the 20th is 00:30 on the 21st in Berlin, written the German way
    const when = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(POSTED);
    expect(await mention.getByTestId('mention-date').textContent()).toBe(when);
    expect(when).toContain('21.11.2026');
    expect(await page.getByLabel('Source').locator('option', { hasText: 'X filtered stream' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS_DIR}/listening-labels-${testDialect}.png`, fullPage: true });

    await page.getByRole('link', { name: 'Reports' }).click();
    // "today" is the reader's: already the 23rd in Berlin, still the 22nd in UTC
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('2026-11-23');
    const terms = page.getByTestId('top-terms');
    await terms.getByRole('cell', { name: 'café', exact: true }).waitFor();
    expect(await terms.getByRole('cell', { name: 'cafe', exact: true }).count()).toBe(0);
    await terms.getByRole('cell', { name: 'réfrigérateur', exact: true }).waitFor();
    expect(await page.getByTestId('top-authors').textContent()).toContain('X filtered stream');
    expect(errors).toEqual([]);
    await context.close();
  });
});
