import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../../src/events/reactors.js';
import { startEnrichWorker } from '../../src/processes/enrich-worker.js';
import { startReactorWorker } from '../../src/processes/reactor-worker.js';
import { reactors } from '../../src/processes/reactors.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, until, type Stack } from './harness.js';

let s: Stack;
let stops: Array<() => Promise<void>> = [];
beforeAll(async () => {
  s = await startStack();
  await runReactors(s.t.app, reactors);
  // Enrichment and the reactors (the rules reactor among them), as `npm start` runs them beside intake and jobs.
  stops = [startEnrichWorker(s.t.app), startReactorWorker(s.t.app)];
});
afterAll(async () => {
  for (const stop of stops) await stop();
  await s?.close();
});

const PASSWORD = 'correct horse battery';
const conv = async (id: string) => (await s.t.req('GET', `/api/v1/conversations/${id}`, { token: s.w.token })).json();

describe(`automation and macros in the browser (${testDialect})`, () => {
  it('builds a rule in the editor, dry-runs it, sees it fire on new traffic and reads its log', async () => {
    expect((await s.inbound({ from: { id: 'au-old', name: 'Olga Earlier' }, text: 'I want a refund for my order' })).status).toBe(200);
    expect((await s.inbound({ from: { id: 'au-other', name: 'Otto Other' }, text: 'What are your opening hours?' })).status).toBe(200);
    await conversationOf(s, 'Olga Earlier');
    await conversationOf(s, 'Otto Other');

    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/settings/automation');
    await page.getByRole('button', { name: 'New rule' }).click();
    const editor = page.locator('form.auto-editor');
    await editor.getByLabel('Name').fill('Refunds get a tag');
    // A save with a missing piece is refused beside the field: the add-tags action has no tags yet.
    await editor.getByRole('button', { name: 'Save rule' }).click();
    await editor.locator('[data-testid=action-0] .field-error').waitFor();

    // IF: the message text contains "refund".
    await page.getByTestId('group-all').getByRole('button', { name: 'Add condition' }).click();
    const cond = page.getByTestId('condition-0');
    await cond.getByLabel('Field').selectOption('text');
    await cond.getByLabel('Operator').selectOption('contains');
    await cond.getByLabel('Value').fill('refund');
    // THEN: tag it.
    await editor.locator('[data-testid=action-0]').getByLabel('Tags, separated by commas').fill('refund-auto');

    await editor.getByRole('button', { name: 'Dry run' }).click();
    const dry = page.getByTestId('dry-run');
    await dry.getByText(/1 of the \d+ most recent conversations would have matched/).waitFor();
    expect(await dry.locator('a').count()).toBe(1);

    await editor.getByRole('button', { name: 'Save rule' }).click();
    await editor.waitFor({ state: 'detached' });
    await page.getByTestId('rule-list').getByText('Refunds get a tag').waitFor();

    // Traffic: a refund request gets the tag from the rule; another message does not.
    expect((await s.inbound({ from: { id: 'au-new', name: 'Nina New' }, text: 'Please refund me, the parcel never came' })).status).toBe(200);
    expect((await s.inbound({ from: { id: 'au-hi', name: 'Hugo Hello' }, text: 'Just saying hi' })).status).toBe(200);
    const nina = await conversationOf(s, 'Nina New');
    const hugo = await conversationOf(s, 'Hugo Hello', 15_000);
    await until(async () => (await conv(nina)).tags?.includes('refund-auto'), 20_000);
    expect((await conv(hugo)).tags).toEqual([]);

    // The log lists the firing with a link to the conversation; filtering by the rule keeps it.
    await page.getByRole('button', { name: 'Refresh' }).click();
    const log = page.getByTestId('rule-log');
    await until(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return (await log.count()) > 0 && (await log.locator(`a[href="/inbox/all/${nina}"]`).count()) > 0;
    }, 15_000);
    const ruleId = (await (await s.t.req('GET', '/api/v1/rules', { token: s.w.token })).json()).rules[0].id;
    await page.getByTestId('log-filter').selectOption(ruleId);
    await log.locator('tbody tr').filter({ hasText: 'Refunds get a tag' }).first().waitFor();
    expect(await log.locator('tbody tr').first().textContent()).toContain('applied');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('creates a macro in settings and applies it to three selected conversations from the bulk bar, and one from the palette', async () => {
    for (const [id, name] of [
      ['mc-a', 'Mia Macro'],
      ['mc-b', 'Max Macro'],
      ['mc-c', 'Moe Macro'],
      ['mc-d', 'Pam Palette'],
    ])
      expect((await s.inbound({ from: { id, name }, text: 'Has my parcel shipped yet?' })).status).toBe(200);
    const ids = [await conversationOf(s, 'Mia Macro'), await conversationOf(s, 'Max Macro'), await conversationOf(s, 'Moe Macro')];
    const pam = await conversationOf(s, 'Pam Palette');

    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/settings/macros');
    await page.getByRole('button', { name: 'New macro' }).click();
    const editor = page.locator('form.auto-editor');
    await editor.getByLabel('Name').first().fill('Shipped, waiting');
    await editor.locator('[data-testid=action-0]').getByLabel('Tags, separated by commas').fill('shipped');
    await editor.getByRole('button', { name: 'Add action' }).click();
    const second = editor.locator('[data-testid=action-1]');
    // The first select of an action row is its type.
    await second.locator('select').first().selectOption('set_status');
    await second.locator('select').nth(1).selectOption('pending');
    // A rule-only action is not offered to a macro.
    expect(await second.locator('select').first().locator('option[value=webhook]').count()).toBe(0);
    await editor.getByRole('button', { name: 'Save macro' }).click();
    await page.getByTestId('macro-list').getByText('Shipped, waiting').waitFor();

    await page.goto('/inbox/all');
    const rows = page.locator('[data-testid=queue-row]');
    for (const name of ['Mia Macro', 'Max Macro', 'Moe Macro']) await page.getByLabel(`Select conversation with ${name}`).check();
    await page.getByTestId('bulk-macro').selectOption({ label: 'Shipped, waiting' });
    await page.locator('.bulk-msg').getByText('Applied “Shipped, waiting” to 3 conversations.').waitFor();
    for (const id of ids) expect(await conv(id)).toMatchObject({ status: 'pending', tags: ['shipped'] });
    expect((await conv(pam)).tags).toEqual([]);

    // The palette: open a conversation, m, type, Enter.
    await page
      .getByRole('button', { name: 'Clear selection' })
      .click()
      .catch(() => undefined);
    await rows.filter({ hasText: 'Pam Palette' }).click();
    await page.locator('#conv-title').getByText('Pam Palette').waitFor();
    await page.locator('body').press('m');
    const palette = page.locator('dialog.macro-palette');
    await palette.getByText('On: this conversation').waitFor();
    await palette.getByRole('combobox').fill('shipped');
    await palette.getByRole('combobox').press('Enter');
    await palette.waitFor({ state: 'detached' });
    await until(async () => (await conv(pam)).tags?.includes('shipped'));
    expect(errors).toEqual([]);
    await context.close();
  });
});
