import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
});
afterAll(() => t.close());

async function conversationFor(from: string, ws = w) {
  await deliver(t, ws, buildInbound({ from: { id: from, name: `Customer ${from}` } }));
  while ((await processJournalBatch(t.app)) > 0);
  const list = await (await t.req('GET', '/api/v1/conversations?limit=100', { token: ws.token })).json();
  return list.conversations.find((c: { contact: { name: string } }) => c.contact.name === `Customer ${from}`) as { id: string };
}
const get = async (id: string, token = w.token) => (await t.req('GET', `/api/v1/conversations/${id}`, { token })).json();
const create = (token: string, body: unknown) => t.req('POST', '/api/v1/macros', { token, body });
const apply = (token: string, macroId: string, conversationIds: string[]) =>
  t.req('POST', `/api/v1/macros/${macroId}/apply`, { token, body: { conversationIds } });
const fieldsOf = async (res: Response) => ((await res.json()).error.fields as Array<{ field: string }>).map((f) => f.field);

describe(`macros (${testDialect})`, () => {
  it('creates shared and personal macros; each member sees the shared ones and their own', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const shared = await create(w.token, {
      name: 'Refund done',
      shared: true,
      actions: [
        { type: 'add_tags', tags: ['refund'] },
        { type: 'set_status', status: 'resolved' },
      ],
    });
    expect(shared.status).toBe(201);
    expect(await shared.json()).toMatchObject({ name: 'Refund done', shared: true, appliedCount: 0, actions: [{ type: 'add_tags' }, { type: 'set_status' }] });
    const mine = await create(agent.token, { name: 'My follow-up', actions: [{ type: 'set_status', status: 'snoozed', snoozeMinutes: 60 }] });
    expect(mine.status).toBe(201);
    const mineId = (await mine.json()).id;
    // An agent may not share with the workspace, nor change what is shared.
    expect((await create(agent.token, { name: 'Team one', shared: true, actions: [{ type: 'set_priority', priority: 'high' }] })).status).toBe(403);
    const agentList = (await (await t.req('GET', '/api/v1/macros', { token: agent.token })).json()).macros;
    expect(agentList.map((m: { name: string }) => m.name).sort()).toEqual(['My follow-up', 'Refund done']);
    const ownerList = (await (await t.req('GET', '/api/v1/macros', { token: w.token })).json()).macros;
    expect(ownerList.map((m: { name: string }) => m.name)).toEqual(['Refund done']);
    const refund = ownerList[0];
    expect((await t.req('PATCH', `/api/v1/macros/${refund.id}`, { token: agent.token, body: { name: 'Mine now' } })).status).toBe(403);
    // Someone else's personal macro does not exist for the owner; another workspace sees nothing.
    expect((await t.req('PATCH', `/api/v1/macros/${mineId}`, { token: w.token, body: { name: 'x' } })).status).toBe(404);
    expect((await (await t.req('GET', '/api/v1/macros', { token: other.token })).json()).macros).toEqual([]);
    expect((await t.req('DELETE', `/api/v1/macros/${refund.id}`, { token: other.token })).status).toBe(404);
    // A PATCH keeps what it does not name (shared stays shared).
    const renamed = await t.req('PATCH', `/api/v1/macros/${refund.id}`, { token: w.token, body: { description: 'After the refund went out' } });
    expect(await renamed.json()).toMatchObject({ name: 'Refund done', shared: true, description: 'After the refund went out' });
    expect((await create(w.token, { name: 'Refund done', actions: [{ type: 'add_note', text: 'x' }] })).status).toBe(409);
    expect((await t.req('DELETE', `/api/v1/macros/${mineId}`, { token: agent.token })).status).toBe(204);
    expect((await t.req('DELETE', `/api/v1/macros/${mineId}`, { token: agent.token })).status).toBe(404);
  });

  it('refuses bad input with the field it concerns, and saves nothing', async () => {
    const before = (await (await t.req('GET', '/api/v1/macros', { token: w.token })).json()).macros.length;
    expect(await fieldsOf(await create(w.token, { name: '', actions: [{ type: 'add_note', text: 'x' }] }))).toEqual(['name']);
    expect(await fieldsOf(await create(w.token, { name: 'Empty', actions: [] }))).toEqual(['actions']);
    expect(await fieldsOf(await create(w.token, { name: 'Hook', actions: [{ type: 'webhook', url: 'https://example.com/x' }] }))).toEqual(['actions.0.type']);
    expect(await fieldsOf(await create(w.token, { name: 'Snooze', actions: [{ type: 'set_status', status: 'snoozed' }] }))).toEqual([
      'actions.0.snoozeMinutes',
    ]);
    expect(await fieldsOf(await create(w.token, { name: 'Prio', actions: [{ type: 'set_priority', priority: 'sky-high' }] }))).toEqual(['actions.0.priority']);
    const ghosts = await create(w.token, {
      name: 'Ghosts',
      actions: [
        { type: 'add_note', text: 'fine' },
        { type: 'assign', teamId: 'no-such-team' },
        { type: 'send_saved_reply', savedReplyId: 'no-such-reply' },
      ],
    });
    expect(ghosts.status).toBe(400);
    expect(await fieldsOf(ghosts)).toEqual(['actions.1.teamId', 'actions.2.savedReplyId']);
    const notJson = await t.req('POST', '/api/v1/macros', { token: w.token, body: '{"name":' });
    expect(notJson.status).toBe(400);
    expect((await (await t.req('GET', '/api/v1/macros', { token: w.token })).json()).macros).toHaveLength(before);
    const m = (await (await create(w.token, { name: 'Apply checks', actions: [{ type: 'add_note', text: 'x' }] })).json()).id;
    expect(await fieldsOf(await apply(w.token, m, []))).toEqual(['conversationIds']);
    expect((await apply(w.token, 'no-such-macro', ['x'])).status).toBe(404);
  });

  it('applies to one conversation as the member: every action, the member as actor, counted', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent', 'Ada Agent');
    const team = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Billing' } })).json();
    const macro = await (
      await create(agent.token, {
        name: 'Billing, urgent',
        actions: [
          { type: 'assign', teamId: team.id, assigneeId: agent.userId },
          { type: 'add_tags', tags: ['billing', 'Invoice'] },
          { type: 'set_priority', priority: 'urgent' },
          { type: 'add_note', text: 'Routed by macro' },
          { type: 'set_status', status: 'pending' },
        ],
      })
    ).json();
    const conv = await conversationFor('macro-one');
    const res = await apply(agent.token, macro.id, [conv.id]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ applied: 1, results: [{ conversationId: conv.id, outcome: 'applied' }] });
    const after = await get(conv.id);
    expect(after).toMatchObject({ status: 'pending', priority: 'urgent', tags: ['billing', 'invoice'] });
    expect(after.assigneeId).toBe(agent.userId);
    const events = await t.app.store.db.selectFrom('events').selectAll().where('conversation_id', '=', conv.id).orderBy('id').execute();
    const mine = events.filter((e) => e.actor_user_id === agent.userId).map((e) => e.type);
    // In the macro's order, then the record of the macro itself.
    expect(mine).toEqual([
      'conversation.assigned',
      'conversation.tagged',
      'conversation.updated',
      'note.added',
      'conversation.status_changed',
      'macro.applied',
    ]);
    const applied = events.find((e) => e.type === 'macro.applied')!;
    expect(JSON.parse(applied.data)).toMatchObject({ macroId: macro.id, outcome: 'applied' });
    const listed = (await (await t.req('GET', '/api/v1/macros', { token: agent.token })).json()).macros.find((m: { id: string }) => m.id === macro.id);
    expect(listed).toMatchObject({ appliedCount: 1 });
    expect(listed.lastAppliedAt).not.toBeNull();
  });

  it('applies to three selected conversations, and reports one that is not there without stopping the others', async () => {
    const macro = await (
      await create(w.token, {
        name: 'Close as shipped',
        shared: true,
        actions: [
          { type: 'add_tags', tags: ['shipped'] },
          { type: 'set_status', status: 'resolved' },
        ],
      })
    ).json();
    const convs = [await conversationFor('bulk-a'), await conversationFor('bulk-b'), await conversationFor('bulk-c')];
    const foreign = await conversationFor('bulk-foreign', other);
    const res = await apply(w.token, macro.id, [...convs.map((c) => c.id), foreign.id]);
    const body = await res.json();
    expect(body.applied).toBe(3);
    expect(body.results.at(-1)).toMatchObject({ conversationId: foreign.id, outcome: 'failed', code: 'not_found' });
    for (const c of convs) expect(await get(c.id)).toMatchObject({ status: 'resolved', tags: ['shipped'] });
    // The other workspace's conversation is untouched.
    expect(await get(foreign.id, other.token)).toMatchObject({ status: 'open', tags: [] });
  });

  it('cannot do through a macro what the member cannot do by hand', async () => {
    const triager = await (
      await t.req('POST', '/api/v1/roles', { token: w.token, body: { name: 'Triager', permissions: ['conversations.view', 'conversations.triage'] } })
    ).json();
    const m = await buildMember(t, w.workspaceId, 'viewer', 'Tina Triager');
    expect((await t.req('PATCH', `/api/v1/members/${m.userId}`, { token: w.token, body: { roleId: triager.id } })).status).toBe(200);
    const conv = await conversationFor('perm-macro');
    const assigning = await (
      await create(m.token, {
        name: 'Take it',
        actions: [
          { type: 'add_tags', tags: ['mine'] },
          { type: 'assign', assigneeId: w.ownerId },
        ],
      })
    ).json();
    const denied = await apply(m.token, assigning.id, [conv.id]);
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.message).toContain('conversations.assign');
    // Nothing happened, not even the tag that came first.
    expect((await get(conv.id)).tags).toEqual([]);
    const tagging = await (await create(m.token, { name: 'Tag it', actions: [{ type: 'add_tags', tags: ['seen'] }] })).json();
    expect((await (await apply(m.token, tagging.id, [conv.id])).json()).applied).toBe(1);
    // A viewer cannot apply anything that changes a conversation.
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    const note = await (await create(viewer.token, { name: 'Note', actions: [{ type: 'add_note', text: 'hi' }] })).json();
    expect((await apply(viewer.token, note.id, [conv.id])).status).toBe(403);
    expect((await get(conv.id)).tags).toEqual(['seen']);
  });
});
