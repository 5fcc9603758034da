import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../events/reactors.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { newId } from '../lib/ids.js';
import { reactors } from '../processes/reactors.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { startFakeCallback } from '../test/fake-callback.js';
import { testDialect } from '../test/store.js';
import { projectAll } from './rollup/project-stale.js';

let t: TestApp;
let w: TestWorkspace;
let fake: Awaited<ReturnType<typeof startFakeCallback>>;
const req = async (method: string, path: string, body?: unknown, token = w.token) => {
  const r = await t.req(method, path, { token, body });
  return { status: r.status, body: await r.json() };
};

/** A customer writes; answered when `reply` is set. Answers the contact id. */
async function customer(name: string, reply: boolean) {
  const externalId = `c-${newId()}`;
  await deliver(t, w, buildInbound({ from: { id: externalId, name }, text: 'Is my order on its way?' }));
  while ((await processJournalBatch(t.app)) > 0);
  const conv = await t.app.store.db
    .selectFrom('conversations')
    .innerJoin('identities', 'identities.contact_id', 'conversations.contact_id')
    .select(['conversations.id', 'conversations.contact_id'])
    .where('identities.external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  if (reply) expect((await req('POST', `/api/v1/conversations/${conv.id}/replies`, { text: 'It is, arriving Friday.' })).status).toBe(201);
  return conv.contact_id;
}

beforeAll(async () => {
  t = await buildTestApp();
  fake = await startFakeCallback(() => w.signingSecret);
  w = await buildWorkspace(t, { callbackUrl: fake.url });
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

describe(`metrics split by a contact attribute (${testDialect})`, () => {
  it('gives one row per value, in the options order, with contacts without a value as "none"', async () => {
    expect(
      (await req('POST', '/api/v1/contact-attributes', { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro', 'enterprise'] })).status,
    ).toBe(200);
    expect((await req('POST', '/api/v1/contact-attributes', { key: 'vip', label: 'VIP', type: 'boolean' })).status).toBe(200);
    expect((await req('POST', '/api/v1/contact-attributes', { key: 'note', label: 'Note', type: 'text' })).status).toBe(200);
    const pro = await customer('Paula Pro', true);
    const free1 = await customer('Fred Free', false);
    const free2 = await customer('Fiona Free', true);
    await customer('Nadia None', false);
    for (const [id, attributes] of [
      [pro, { plan: 'pro', vip: true }],
      [free1, { plan: 'free' }],
      [free2, { plan: 'free', vip: false }],
    ] as const)
      expect((await req('PATCH', `/api/v1/contacts/${id}`, { attributes })).status).toBe(200);
    while (await runDueJobs(t.app));
    await runReactors(t.app, reactors);
    await projectAll(t.app, w.workspaceId);

    const plan = await req('GET', '/api/v1/metrics/by-attribute?key=plan');
    expect(plan.status).toBe(200);
    expect(plan.body.label).toBe('Plan');
    const rows = plan.body.rows as Array<{ value: string; metrics: Record<string, number | null> }>;
    expect(rows.map((r) => r.value)).toEqual(['free', 'pro', 'none']);
    expect(rows.map((r) => [r.value, r.metrics.conversations, r.metrics.answered])).toEqual([
      ['free', 2, 1],
      ['pro', 1, 1],
      ['none', 1, 0],
    ]);
    expect(rows[0]!.metrics.responseRate).toBe(0.5);
    // The rows add up to the dashboard's total for the same period.
    const all = await req('GET', '/api/v1/metrics');
    expect(rows.reduce((n, r) => n + (r.metrics.conversations ?? 0), 0)).toBe(all.body.total.metrics.conversations);

    const vip = await req('GET', '/api/v1/metrics/by-attribute?key=vip');
    expect((vip.body.rows as Array<{ value: string; metrics: { conversations: number } }>).map((r) => [r.value, r.metrics.conversations])).toEqual([
      ['true', 1],
      ['false', 1],
      ['none', 2],
    ]);
  });

  it('refuses an unknown attribute or one that does not split into values; reports.view reads it, another workspace cannot', async () => {
    const unknown = await req('GET', '/api/v1/metrics/by-attribute?key=shoe_size');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0]).toMatchObject({ field: 'key', reason: expect.stringMatching(/no contact attribute has this key/) });
    const text = await req('GET', '/api/v1/metrics/by-attribute?key=note');
    expect(text.status).toBe(400);
    expect(text.body.error.message).toMatch(/"Note" is a text attribute/);
    expect((await req('GET', '/api/v1/metrics/by-attribute')).status).toBe(400);
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    expect((await req('GET', '/api/v1/metrics/by-attribute?key=plan', undefined, viewer.token)).status).toBe(200);
    // Another workspace has no "plan": its definitions and contacts are its own.
    const other = await buildWorkspace(t, { name: 'Other' });
    expect((await req('GET', '/api/v1/metrics/by-attribute?key=plan', undefined, other.token)).status).toBe(400);
    expect((await t.req('GET', '/api/v1/metrics/by-attribute?key=plan')).status).toBe(401);
  });
});
