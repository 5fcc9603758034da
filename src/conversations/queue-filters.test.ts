import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

// Every queue filter the API has, each alone, several values in one field (OR), and fields
// combined (AND); saved views with counts, edit and delete; another workspace never leaks in.
let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
let agent: { userId: string; token: string };
const ids: Record<string, string> = {};
let teamId = '';

const names = async (query: string, token = w.token) => {
  const r = await t.req('GET', `/api/v1/conversations?limit=100&status=open,pending,snoozed,resolved&${query}`, { token });
  expect(r.status).toBe(200);
  return ((await r.json()).conversations as Array<{ contact: { name: string } }>).map((c) => c.contact.name).sort();
};

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
  agent = await buildMember(t, w.workspaceId, 'agent', 'Lee Agent');
  for (const name of ['ana', 'bo', 'cy', 'di']) await deliver(t, w, buildInbound({ from: { id: name, name } }));
  await deliver(t, other, buildInbound({ from: { id: 'zed', name: 'zed' } }));
  while ((await processJournalBatch(t.app)) > 0);
  const list = await (await t.req('GET', '/api/v1/conversations?limit=100', { token: w.token })).json();
  for (const c of list.conversations) ids[c.contact.name] = c.id;
  const team = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Billing' } })).json();
  teamId = team.id;
  const db = t.app.store.db;
  // Enrichment's own guesses are replaced by known values, so each filter has a known answer.
  const set = (name: string, v: Record<string, unknown>) => db.updateTable('conversations').set(v).where('id', '=', ids[name]!).execute();
  await set('ana', {
    language: 'en',
    sentiment: 'negative',
    intent: 'complaint',
    needs_reply: 1,
    priority: 4,
    visibility: 'public',
    assignee_id: agent.userId,
    team_id: teamId,
  });
  await set('bo', {
    language: 'de',
    sentiment: 'positive',
    intent: 'praise',
    needs_reply: 0,
    priority: 2,
    visibility: 'private',
    assignee_id: w.ownerId,
    team_id: null,
  });
  await set('cy', {
    language: 'fr',
    sentiment: 'neutral',
    intent: 'question',
    needs_reply: 1,
    priority: 0,
    visibility: 'public',
    assignee_id: null,
    team_id: teamId,
  });
  await set('di', {
    language: 'en',
    sentiment: 'negative',
    intent: 'question',
    needs_reply: 0,
    priority: 3,
    visibility: 'public',
    assignee_id: null,
    team_id: null,
  });
  for (const [n, tags] of [
    ['ana', ['refund', 'vip']],
    ['bo', ['vip']],
    ['cy', ['refund']],
  ] as const)
    await t.req('POST', `/api/v1/conversations/${ids[n]}/tags`, { token: w.token, body: { add: tags } });
});
afterAll(async () => {
  await t?.close();
});

describe(`queue filters (${testDialect})`, () => {
  it('filters on each field alone', async () => {
    expect(await names('tag=vip')).toEqual(['ana', 'bo']);
    expect(await names('priority=high')).toEqual(['ana', 'di']);
    expect(await names('sentiment=negative')).toEqual(['ana', 'di']);
    expect(await names('language=de')).toEqual(['bo']);
    expect(await names('intent=question')).toEqual(['cy', 'di']);
    expect(await names(`assignee=${agent.userId}`)).toEqual(['ana']);
    expect(await names('assignee=me')).toEqual(['bo']);
    expect(await names('assignee=none')).toEqual(['cy', 'di']);
    expect(await names(`team=${teamId}`)).toEqual(['ana', 'cy']);
    expect(await names('team=none')).toEqual(['bo', 'di']);
    expect(await names(`channel=${w.channelId}`)).toEqual(['ana', 'bo', 'cy', 'di']);
    expect(await names('channel=nope')).toEqual([]);
    expect(await names('visibility=private')).toEqual(['bo']);
    expect(await names('needsReply=true')).toEqual(['ana', 'cy']);
  });

  it('matches any of several values in one field', async () => {
    expect(await names('tag=refund,vip')).toEqual(['ana', 'bo', 'cy']);
    expect(await names('language=de,fr')).toEqual(['bo', 'cy']);
    expect(await names('sentiment=positive,neutral')).toEqual(['bo', 'cy']);
    expect(await names('intent=praise,complaint')).toEqual(['ana', 'bo']);
    expect(await names('assignee=me,none')).toEqual(['bo', 'cy', 'di']);
    expect(await names(`team=${teamId},none`)).toEqual(['ana', 'bo', 'cy', 'di']);
  });

  it('combines fields with AND', async () => {
    expect(await names('tag=refund&sentiment=negative')).toEqual(['ana']);
    expect(await names('language=en&needsReply=false&visibility=public')).toEqual(['di']);
    expect(await names(`team=${teamId}&assignee=none&tag=refund`)).toEqual(['cy']);
    expect(await names('tag=vip&visibility=public&priority=urgent')).toEqual(['ana']);
  });

  it('refuses a bad value with the field named, and never shows another workspace', async () => {
    const r = await t.req('GET', '/api/v1/conversations?sentiment=angry', { token: w.token });
    expect(r.status).toBe(400);
    expect((await r.json()).error.fields[0].field).toMatch(/^query\.sentiment/);
    expect(await names('tag=vip', other.token)).toEqual([]);
    expect(await names('', other.token)).toEqual(['zed']);
  });
});

describe(`saved views (${testDialect})`, () => {
  it('saves two filters as a view, counts it, edits and deletes it', async () => {
    const created = await t.req('POST', '/api/v1/views', {
      token: w.token,
      body: { name: 'Angry refunds', filters: { tag: 'refund,vip', sentiment: 'negative' } },
    });
    expect(created.status).toBe(201);
    const view = await created.json();
    const counts = await (await t.req('GET', '/api/v1/views/counts', { token: w.token })).json();
    expect(counts.counts[view.id]).toBe(1);
    // the agent does not see the owner's personal view, nor its count
    expect((await (await t.req('GET', '/api/v1/views/counts', { token: agent.token })).json()).counts[view.id]).toBeUndefined();
    const patched = await t.req('PATCH', `/api/v1/views/${view.id}`, { token: w.token, body: { name: 'Refunds', filters: { tag: 'refund' } } });
    expect(patched.status).toBe(200);
    expect((await patched.json()).name).toBe('Refunds');
    expect((await (await t.req('GET', '/api/v1/views/counts', { token: w.token })).json()).counts[view.id]).toBe(2);
    const bad = await t.req('PATCH', `/api/v1/views/${view.id}`, { token: w.token, body: { filters: { mood: 'x' } } });
    expect(bad.status).toBe(400);
    expect((await t.req('PATCH', `/api/v1/views/${view.id}`, { token: agent.token, body: { name: 'mine now' } })).status).toBe(404);
    expect((await t.req('PATCH', `/api/v1/views/${view.id}`, { token: other.token, body: { name: 'x' } })).status).toBe(404);
    expect((await t.req('DELETE', `/api/v1/views/${view.id}`, { token: w.token })).status).toBe(204);
    expect((await (await t.req('GET', '/api/v1/views', { token: w.token })).json()).views).toEqual([]);
  });

  it('lets only settings.manage share a view', async () => {
    const mine = await (await t.req('POST', '/api/v1/views', { token: agent.token, body: { name: 'Mine', filters: { assignee: 'me' } } })).json();
    expect((await t.req('PATCH', `/api/v1/views/${mine.id}`, { token: agent.token, body: { shared: true } })).status).toBe(403);
    const shared = await (await t.req('POST', '/api/v1/views', { token: w.token, body: { name: 'Team', filters: { team: teamId }, shared: true } })).json();
    const seen = await (await t.req('GET', '/api/v1/views', { token: agent.token })).json();
    expect(seen.views.map((v: { name: string }) => v.name).sort()).toEqual(['Mine', 'Team']);
    expect((await (await t.req('GET', '/api/v1/views/counts', { token: agent.token })).json()).counts[shared.id]).toBe(2);
  });
});
