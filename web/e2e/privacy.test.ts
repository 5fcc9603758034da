import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../../src/events/reactors.js';
import { auditReactor } from '../../src/audit/audit-reactor.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, type Stack } from './harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

describe(`privacy requests in a browser (${testDialect})`, () => {
  it('an admin downloads a person’s data, erases it behind a typed confirmation, and finds both in the audit log', async () => {
    await s.inbound({ from: { id: 'priv-1', name: 'Petra Private' }, text: 'My new address is Via Roma 12, please update it' });
    const id = await conversationOf(s, 'Petra Private');
    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery');
    page.setDefaultTimeout(8000);
    await page.goto(`/inbox/all/${id}`);
    const panel = page.getByRole('complementary', { name: 'Contact' });
    await panel.getByRole('heading', { name: 'Petra Private' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'Download their data (ZIP)' }).click()]);
    const zip = readFileSync((await download.path())!);
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(download.suggestedFilename()).toMatch(/^hearken-contact-.+\.zip$/);

    await panel.getByRole('button', { name: 'Erase personal data…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase Petra Private’s personal data?' });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type ERASE to confirm').fill('erase');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type ERASE to confirm').fill('ERASE');
    await confirm.click();
    await panel.getByTestId('contact-erased').waitFor();
    await panel.getByRole('heading', { name: 'Erased contact' }).waitFor();
    await page.locator('[data-testid=message]', { hasText: 'Erased at the customer’s request.' }).waitFor();
    expect(await page.getByText('Via Roma 12').count()).toBe(0);

    await runReactors(s.t.app, [auditReactor]);
    await page.goto('/settings/audit');
    const log = page.getByTestId('audit-log');
    await log.getByText('contact.erased').waitFor();
    await log.getByText('contact.exported').waitFor();
    await page.getByLabel('Show').selectOption({ label: 'Contacts: exports, erasures, merges' });
    await log.getByText('contact.erased').waitFor();
    expect(await log.getByText('channel.created').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
