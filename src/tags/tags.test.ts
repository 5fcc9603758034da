import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

// The managed tag list: colours, descriptions, counts; rename, delete and merge move the tag on
// every conversation in one transaction; tags.manage guards it; "only managed tags" is enforced.
let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
let agent: { token: string };
const ids: Record<string, string> = {};

const tagsOf = async (name: string) => (await (await t.req('GET', `/api/v1/conversations/${ids[name]}`, { token: w.token })).json()).tags as string[];
const list = async (token = w.token) =>
  (await (await t.req('GET', '/api/v1/tags', { token })).json()) as {
    tags: Array<{ name: string; color: string | null; description: string; managed: boolean; conversations: number }>;
    managedOnly: boolean;
  };

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
  agent = await buildMember(t, w.workspaceId, 'agent');
  for (const name of ['ana', 'bo', 'cy']) await deliver(t, w, buildInbound({ from: { id: name, name } }));
  await deliver(t, other, buildInbound({ from: { id: 'zed', name: 'zed' } }));
  while ((await processJournalBatch(t.app)) > 0);
  for (const tok of [w.token, other.token]) {
    const l = await (await t.req('GET', '/api/v1/conversations?limit=100', { token: tok })).json();
    for (const c of l.conversations) ids[c.contact.name] = c.id;
  }
  const tag = (n: string, add: string[], token = w.token) => t.req('POST', `/api/v1/conversations/${ids[n]}/tags`, { token, body: { add } });
  await tag('ana', ['refund', 'refunds']);
  await tag('bo', ['refunds']);
  await tag('cy', ['refund', 'vip']);
  await tag('zed', ['refunds'], other.token);
});
afterAll(async () => {
  await t?.close();
});

describe(`managed tags (${testDialect})`, () => {
  it('creates a tag with colour and description, lists ad-hoc tags with counts', async () => {
    const r = await t.req('POST', '/api/v1/tags', { token: w.token, body: { name: 'Refund', color: '#CF222E', description: 'Money back' } });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ name: 'refund', color: '#cf222e', description: 'Money back' });
    expect((await t.req('POST', '/api/v1/tags', { token: w.token, body: { name: 'refund' } })).status).toBe(409);
    const l = await list();
    expect(l.tags).toEqual([
      { name: 'refund', color: '#cf222e', description: 'Money back', managed: true, conversations: 2 },
      { name: 'refunds', color: null, description: '', managed: false, conversations: 2 },
      { name: 'vip', color: null, description: '', managed: false, conversations: 1 },
    ]);
    // the other workspace's use of "refunds" is not counted, and it sees none of ours
    expect((await list(other.token)).tags).toEqual([{ name: 'refunds', color: null, description: '', managed: false, conversations: 1 }]);
  });

  it('refuses bad input with the field named, and agents without tags.manage', async () => {
    const bad = await t.req('POST', '/api/v1/tags', { token: w.token, body: { name: 'x', color: 'red' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe('color');
    const denied = await t.req('POST', '/api/v1/tags', { token: agent.token, body: { name: 'nope' } });
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.message).toContain('tags.manage');
    expect((await t.req('POST', '/api/v1/tags/merge', { token: agent.token, body: { from: 'refunds', into: 'refund' } })).status).toBe(403);
    expect((await t.req('POST', '/api/v1/tags/merge', { token: w.token, body: { from: 'refund', into: 'refund' } })).status).toBe(400);
    expect((await t.req('POST', '/api/v1/tags/merge', { token: w.token, body: { from: 'ghost', into: 'refund' } })).status).toBe(404);
    expect((await list()).tags.map((x) => x.name)).toEqual(['refund', 'refunds', 'vip']);
  });

  it('merges A into B on every conversation, once, and writes the events', async () => {
    const r = await t.req('POST', '/api/v1/tags/merge', { token: w.token, body: { from: 'refunds', into: 'refund' } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ conversations: 2 });
    expect(await tagsOf('ana')).toEqual(['refund']);
    expect(await tagsOf('bo')).toEqual(['refund']);
    expect(await tagsOf('cy')).toEqual(['refund', 'vip']);
    // the other workspace's tag of the same name is untouched
    expect((await (await t.req('GET', `/api/v1/conversations/${ids.zed}`, { token: other.token })).json()).tags).toEqual(['refunds']);
    const merged = await t.app.store.db
      .selectFrom('events')
      .select(['data'])
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', 'tag.merged')
      .execute();
    expect(merged.map((e) => JSON.parse(e.data))).toEqual([{ from: 'refunds', into: 'refund', conversations: 2 }]);
    const tagged = await t.app.store.db
      .selectFrom('events')
      .select(['data'])
      .where('conversation_id', '=', ids.ana!)
      .where('type', '=', 'conversation.tagged')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(tagged.data)).toEqual({ added: [], removed: ['refunds'] });
    expect((await list()).tags.find((x) => x.name === 'refund')?.conversations).toBe(3);
  });

  it('renames and recolours; a rename onto another managed tag asks for a merge', async () => {
    await t.req('POST', '/api/v1/tags', { token: w.token, body: { name: 'vip', color: '#8250df' } });
    expect((await t.req('PATCH', '/api/v1/tags/vip', { token: w.token, body: { name: 'refund' } })).status).toBe(409);
    const r = await t.req('PATCH', '/api/v1/tags/vip', { token: w.token, body: { name: 'VIP customer', color: '#fff000' } });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ name: 'vip-customer', color: '#fff000' });
    expect(await tagsOf('cy')).toEqual(['refund', 'vip-customer']);
    expect((await t.req('PATCH', '/api/v1/tags/ghost', { token: w.token, body: { color: '#000000' } })).status).toBe(404);
  });

  it('deletes a tag from the list and from its conversations', async () => {
    const r = await t.req('DELETE', '/api/v1/tags/vip-customer', { token: w.token });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ conversations: 1 });
    expect(await tagsOf('cy')).toEqual(['refund']);
    expect((await t.req('DELETE', '/api/v1/tags/vip-customer', { token: w.token })).status).toBe(404);
  });

  it('with "only managed tags" on, refuses an unknown tag and keeps the conversation as it was', async () => {
    expect((await t.req('PUT', '/api/v1/tags/settings', { token: agent.token, body: { managedOnly: true } })).status).toBe(403);
    expect((await t.req('PUT', '/api/v1/tags/settings', { token: w.token, body: { managedOnly: true } })).status).toBe(200);
    expect((await list()).managedOnly).toBe(true);
    const r = await t.req('POST', `/api/v1/conversations/${ids.bo}/tags`, { token: agent.token, body: { add: ['refund', 'brand-new'] } });
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toContain('brand-new');
    expect(await tagsOf('bo')).toEqual(['refund']);
    await t.req('POST', '/api/v1/tags', { token: w.token, body: { name: 'brand-new' } });
    expect((await t.req('POST', `/api/v1/conversations/${ids.bo}/tags`, { token: agent.token, body: { add: ['brand-new'] } })).status).toBe(200);
    // the other workspace is not affected by this setting
    expect((await t.req('POST', `/api/v1/conversations/${ids.zed}/tags`, { token: other.token, body: { add: ['anything'] } })).status).toBe(200);
  });
});
