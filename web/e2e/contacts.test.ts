import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, until, type Stack } from './harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const api = async (method: string, url: string, body?: unknown) => {
  const res = await s.t.req(method, url, { token: s.w.token, ...(body !== undefined ? { body } : {}) });
  return res.json();
};

describe(`contacts directory in a browser (${testDialect})`, () => {
  it('searches the directory, edits a typed attribute, exports the CSV and imports it back with a change', async () => {
    await api('POST', '/api/v1/contact-attributes', { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] });
    await s.inbound({ from: { id: 'cora-1', name: 'Cora Contact', handle: '@cora' }, text: 'Is my order shipped?' });
    await s.inbound({ from: { id: 'dan-1', name: 'Dan Other' }, text: 'hello' });
    await conversationOf(s, 'Cora Contact');
    const cora = (await api('GET', '/api/v1/contacts?q=cora')).items[0];
    await api('PATCH', `/api/v1/contacts/${cora.id}`, { email: 'cora@example.com', phone: '+1 415 555 0199' });

    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery');
    page.setDefaultTimeout(8000);
    await page.goto('/inbox/all');
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('link', { name: 'Dan Other' }).waitFor();
    const search = page.getByRole('searchbox', { name: 'Search name, account, e-mail or phone' });
    await search.fill('555 0199');
    await search.press('Enter');
    // The old list goes before the new one arrives: wait for the answer, then check nothing else is in it.
    await page.getByRole('cell', { name: 'cora@example.com' }).waitFor();
    await until(async () => (await page.getByRole('link', { name: 'Dan Other' }).count()) === 0);
    expect(await page.getByRole('cell', { name: 'cora@example.com' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Cora Contact' }).click();

    await page.getByRole('heading', { name: 'Cora Contact' }).waitFor();
    await page.getByTestId('contact-timeline').getByText('Is my order shipped?').waitFor();
    await page.getByLabel('Plan').selectOption('pro');
    await until(async () => (await api('GET', `/api/v1/contacts/${cora.id}`)).attributes.plan === 'pro');

    await page.getByRole('link', { name: 'Contacts' }).first().click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('id,name,email,phone,accounts,conversations,created_at,plan');
    expect(csv).toContain(`${cora.id},Cora Contact,cora@example.com,'+14155550199,api:@cora,1,`);
    expect(csv).toMatch(/,pro\r\n/);

    // Back in with the name and plan changed, and one bad row that must be reported and left out.
    const changed = csv.replace('Cora Contact', 'Cora Changed').replace(/,pro\r\n/, ',free\r\n') + ',Bad Row,not-an-email,,,,,free\r\n';
    const file = path.join(os.tmpdir(), `contacts-${Date.now()}.csv`);
    writeFileSync(file, changed);
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByTestId('import-summary').getByText('0 new, 2 updated, 1 with errors').waitFor();
    expect(await page.getByTestId('import-errors').textContent()).toContain('not-an-email');
    expect(await page.getByLabel('Goes to: plan').inputValue()).toBe('attributes.plan');
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByTestId('import-summary').getByText('Imported: 0 new, 2 updated. 1 rows were not imported.').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('link', { name: 'Cora Changed' }).click();
    await page.getByRole('heading', { name: 'Cora Changed' }).waitFor();
    expect(await page.getByLabel('Plan').inputValue()).toBe('free');
    expect(await page.getByText('Bad Row').count()).toBe(0);

    // The inbox search finds the conversation by the customer's e-mail and shows what matched.
    await page.goto('/inbox/all');
    const box = page.getByRole('searchbox').first();
    await box.fill('cora@example');
    await box.press('Enter');
    const match = page.getByTestId('search-match');
    await match.waitFor();
    expect(await match.locator('mark').textContent()).toBe('cora@example');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
