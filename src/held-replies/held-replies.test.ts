import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { matchPolicy, type ApprovalPolicy, type PolicyAuthor } from './policy.js';
import { presetTimes } from './send-later.js';

let t: TestApp;
const clock = Date.parse('2026-03-04T10:00:00Z'); // a Wednesday

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  // A stand-in network that accepts every send (the fake clock is behind a real signature check).
  t.app.senders.set('api', { send: async (r) => ({ ok: true, externalId: `net-${r.idempotencyKey}` }) });
});
afterAll(() => t.close());

let n = 0;
async function conversation(w: TestWorkspace, visibility: 'public' | 'private' = 'public') {
  const from = `c-${++n}`;
  const conv = visibility === 'public' ? { kind: 'comment', item_id: `post-${n}` } : { kind: 'dm' };
  expect((await deliver(t, w, buildInbound({ from: { id: from, name: from }, timestamp: clock, conversation: conv }))).status).toBe(200);
  while (await processJournalBatch(t.app)) {}
  const row = await t.app.store.db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', w.workspaceId)
    .where('thread_key', 'like', `%${from}%`)
    .executeTakeFirstOrThrow();
  return row.id;
}
const outbound = (convId: string) =>
  t.app.store.db
    .selectFrom('messages')
    .select(['id', 'body', 'author_user_id', 'author_kind', 'delivery_status'])
    .where('conversation_id', '=', convId)
    .where('direction', '=', 'out')
    .execute();
const events = (ws: string, type: string) =>
  t.app.store.db.selectFrom('events').select(['data', 'actor_user_id']).where('workspace_id', '=', ws).where('type', '=', type).execute();
const replyAs = (token: string, convId: string, body: Record<string, unknown>) => t.req('POST', `/api/v1/conversations/${convId}/replies`, { token, body });
const setPolicy = (w: TestWorkspace, policy: unknown) => t.req('PUT', '/api/v1/approvals/policy', { token: w.token, body: policy });
const publicByAgents = { rules: [{ name: 'Public replies by agents', roles: ['agent'], visibility: 'public' }] };

describe('matchPolicy (pure)', () => {
  const human = (o: Partial<PolicyAuthor> = {}): PolicyAuthor => ({ kind: 'human', userId: 'u1', role: 'agent', teamIds: [], joinedAt: 0, ...o });
  const rule = (o: Record<string, unknown>) => ({
    name: 'r',
    userIds: [],
    roles: [],
    teamIds: [],
    newMembersDays: null,
    channelIds: [],
    visibility: 'any' as const,
    ...o,
  });
  const policy = (rules: ReturnType<typeof rule>[], o: Partial<ApprovalPolicy> = {}): ApprovalPolicy => ({
    rules,
    allowSelfApproval: false,
    automationReplies: false,
    ...o,
  });
  const at = { channelId: 'ch1', visibility: 'public' as const, now: 100 * 86_400_000 };

  it('matches by member, role, team, new member, channel and visibility; an empty policy holds nothing', () => {
    expect(matchPolicy(policy([]), human(), at)).toBeNull();
    expect(matchPolicy(policy([rule({ userIds: ['u1'] })]), human(), at)).toBe('r');
    expect(matchPolicy(policy([rule({ userIds: ['u2'] })]), human(), at)).toBeNull();
    expect(matchPolicy(policy([rule({ roles: ['agent'] })]), human(), at)).toBe('r');
    expect(matchPolicy(policy([rule({ roles: ['admin'] })]), human(), at)).toBeNull();
    expect(matchPolicy(policy([rule({ teamIds: ['t1'] })]), human({ teamIds: ['t1'] }), at)).toBe('r');
    expect(matchPolicy(policy([rule({ newMembersDays: 30 })]), human({ joinedAt: at.now - 5 * 86_400_000 }), at)).toBe('r');
    expect(matchPolicy(policy([rule({ newMembersDays: 30 })]), human({ joinedAt: at.now - 50 * 86_400_000 }), at)).toBeNull();
    expect(matchPolicy(policy([rule({ channelIds: ['ch2'] })]), human(), at)).toBeNull();
    expect(matchPolicy(policy([rule({ channelIds: ['ch1'] })]), human(), at)).toBe('r');
    expect(matchPolicy(policy([rule({ visibility: 'private' })]), human(), at)).toBeNull();
    expect(matchPolicy(policy([rule({ visibility: 'public', roles: ['agent'] })]), human(), at)).toBe('r');
    // The first matching rule names the reason.
    expect(matchPolicy(policy([rule({ name: 'a', roles: ['admin'] }), rule({ name: 'b' })]), human(), at)).toBe('b');
  });

  it('leaves automation replies alone unless the setting says so', () => {
    const bot = human({ kind: 'automation', userId: null, role: null, joinedAt: null });
    expect(matchPolicy(policy([rule({})]), bot, at)).toBeNull();
    expect(matchPolicy(policy([rule({})], { automationReplies: true }), bot, at)).toBe('r');
    expect(matchPolicy(policy([], { automationReplies: true }), bot, at)).toBe('automation replies need approval');
    expect(matchPolicy(policy([rule({ roles: ['agent'] })], { automationReplies: true }), bot, at)).toBeNull();
  });

  it('resolves tomorrow 9:00 and Monday 9:00 in the zone (Berlin, winter)', () => {
    const p = presetTimes(Date.parse('2026-03-04T22:30:00Z'), 'Europe/Berlin'); // Wednesday 23:30 in Berlin
    expect(new Date(p.tomorrow_morning).toISOString()).toBe('2026-03-05T08:00:00.000Z');
    expect(new Date(p.next_monday).toISOString()).toBe('2026-03-09T08:00:00.000Z');
    const monday = presetTimes(Date.parse('2026-03-09T07:00:00Z'), 'Europe/Berlin');
    expect(new Date(monday.next_monday).toISOString()).toBe('2026-03-16T08:00:00.000Z');
  });
});

describe(`reply approvals (${testDialect})`, () => {
  it('policy: admins write, agents read; bad input names the field; ids of another workspace are refused', async () => {
    const w = await buildWorkspace(t);
    const other = await buildWorkspace(t, { name: 'Other' });
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect(await (await t.req('GET', '/api/v1/approvals/policy', { token: agent.token })).json()).toEqual({
      rules: [],
      allowSelfApproval: false,
      automationReplies: false,
    });
    expect((await t.req('PUT', '/api/v1/approvals/policy', { token: agent.token, body: publicByAgents })).status).toBe(403);
    const bad = await setPolicy(w, { rules: [{ name: 'x', visibility: 'sometimes' }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('rules.0.visibility');
    const foreign = await setPolicy(w, { rules: [{ name: 'x', channelIds: [other.channelId] }] });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(await foreign.json())).toContain('rules.0.channelIds');
    expect((await setPolicy(w, { rules: [{ name: 'x', roles: ['wizard'] }] })).status).toBe(400);
    const ok = await setPolicy(w, { ...publicByAgents, allowSelfApproval: true });
    expect(ok.status).toBe(200);
    expect(await (await t.req('GET', '/api/v1/approvals/policy', { token: agent.token })).json()).toMatchObject({
      rules: [{ name: 'Public replies by agents', roles: ['agent'], visibility: 'public', userIds: [] }],
      allowSelfApproval: true,
    });
    expect(await events(w.workspaceId, 'approval_policy.updated')).toHaveLength(1);
  });

  it("an agent's public reply is proposed, not queued; a private one and the owner's go out; approvers list it, others get 403", async () => {
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await setPolicy(w, publicByAgents)).status).toBe(200);
    const pub = await conversation(w, 'public');
    const res = await replyAs(agent.token, pub, { text: 'Thanks, we are on it!' });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.message).toBeNull();
    expect(body.held).toMatchObject({ status: 'proposed', needsApproval: true, reason: 'Public replies by agents', authorUserId: agent.userId });
    expect(await outbound(pub)).toHaveLength(0);
    const sendJobs = await t.app.store.db
      .selectFrom('jobs')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('name', '=', 'message.send')
      .execute();
    expect(sendJobs).toHaveLength(0);
    expect(await events(w.workspaceId, 'reply.proposed')).toHaveLength(1);
    const thread = await (await t.req('GET', `/api/v1/conversations/${pub}/held-replies`, { token: agent.token })).json();
    expect(thread.heldReplies).toMatchObject([{ id: body.held.id, status: 'proposed' }]);
    // The queue row says a reply waits for approval (a lead sees where a decision is needed).
    const queue = await (await t.req('GET', '/api/v1/conversations?status=open&limit=100', { token: w.token })).json();
    expect(queue.conversations.find((c: { id: string }) => c.id === pub).held).toEqual({ proposed: 1, scheduled: 0 });

    // Not matched: a private reply by the agent, a public one by the owner.
    const priv = await conversation(w, 'private');
    expect((await (await replyAs(agent.token, priv, { text: 'Hi in private' })).json()).message).toMatchObject({ body: 'Hi in private' });
    const pub2 = await conversation(w, 'public');
    expect((await (await replyAs(w.token, pub2, { text: 'Owner here' })).json()).held).toBeNull();

    expect((await t.req('GET', '/api/v1/approvals', { token: agent.token })).status).toBe(403);
    expect((await t.req('POST', `/api/v1/held-replies/${body.held.id}/approve`, { token: agent.token, body: {} })).status).toBe(403);
    const list = await (await t.req('GET', '/api/v1/approvals', { token: w.token })).json();
    expect(list.count).toBe(1);
    expect(list.approvals[0]).toMatchObject({ id: body.held.id, text: 'Thanks, we are on it!', conversation: { id: pub, visibility: 'public' } });
    expect(await (await t.req('GET', '/api/v1/approvals/count', { token: w.token })).json()).toEqual({ count: 1 });
  });

  it('accept sends it through the outbox as the author, with the approver recorded; once only', async () => {
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    await setPolicy(w, publicByAgents);
    const pub = await conversation(w);
    const held = (await (await replyAs(agent.token, pub, { text: 'Proposed text' })).json()).held;
    const ok = await t.req('POST', `/api/v1/held-replies/${held.id}/approve`, { token: w.token, body: {} });
    expect(ok.status).toBe(200);
    const approved = await ok.json();
    expect(approved).toMatchObject({ status: 'sent', decidedBy: w.ownerId, originalText: null });
    const out = await outbound(pub);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ body: 'Proposed text', author_user_id: agent.userId, author_kind: 'human', id: approved.messageId });
    expect((await events(w.workspaceId, 'reply.approved'))[0]).toMatchObject({ actor_user_id: w.ownerId });
    expect(JSON.parse((await events(w.workspaceId, 'reply.released'))[0]!.data)).toMatchObject({ approvedBy: w.ownerId, trigger: 'approved' });
    while (await runDueJobs(t.app)) {}
    expect((await outbound(pub))[0]!.delivery_status).toBe('sent');
    // A second approval (a double click, a second approver) changes nothing.
    expect((await t.req('POST', `/api/v1/held-replies/${held.id}/approve`, { token: w.token, body: {} })).status).toBe(409);
    expect(await outbound(pub)).toHaveLength(1);
    expect(await (await t.req('GET', '/api/v1/approvals/count', { token: w.token })).json()).toEqual({ count: 0 });
  });

  it('edit then accept sends the edited text and keeps the original; reject needs a reason and sends nothing', async () => {
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    await setPolicy(w, publicByAgents);
    const a = await conversation(w);
    const h1 = (await (await replyAs(agent.token, a, { text: 'thx' })).json()).held;
    expect((await t.req('POST', `/api/v1/held-replies/${h1.id}/approve`, { token: w.token, body: { text: '  ' } })).status).toBe(400);
    const edited = await (await t.req('POST', `/api/v1/held-replies/${h1.id}/approve`, { token: w.token, body: { text: 'Thank you, Ana!' } })).json();
    expect(edited).toMatchObject({ status: 'sent', text: 'Thank you, Ana!', originalText: 'thx' });
    expect((await outbound(a)).map((m) => m.body)).toEqual(['Thank you, Ana!']);
    expect(JSON.parse((await events(w.workspaceId, 'reply.approved'))[0]!.data)).toMatchObject({ edited: true });

    const b = await conversation(w);
    const h2 = (await (await replyAs(agent.token, b, { text: 'Not our fault.' })).json()).held;
    expect((await t.req('POST', `/api/v1/held-replies/${h2.id}/reject`, { token: w.token, body: { reason: '' } })).status).toBe(400);
    const rej = await (await t.req('POST', `/api/v1/held-replies/${h2.id}/reject`, { token: w.token, body: { reason: 'Too curt; apologise first' } })).json();
    expect(rej).toMatchObject({ status: 'rejected', rejectReason: 'Too curt; apologise first', decidedBy: w.ownerId });
    expect(await outbound(b)).toHaveLength(0);
    expect(JSON.parse((await events(w.workspaceId, 'reply.rejected'))[0]!.data)).toMatchObject({ authorUserId: agent.userId });
    // The author edits and proposes again; only the author may.
    expect((await t.req('PATCH', `/api/v1/held-replies/${h2.id}`, { token: w.token, body: { text: 'x' } })).status).toBe(403);
    const again = await (await t.req('PATCH', `/api/v1/held-replies/${h2.id}`, { token: agent.token, body: { text: 'So sorry! Let us fix it.' } })).json();
    expect(again).toMatchObject({ status: 'proposed', rejectReason: null });
    expect((await t.req('POST', `/api/v1/held-replies/${h2.id}/send-now`, { token: agent.token })).status).toBe(409);
    expect(await outbound(b)).toHaveLength(0);
  });

  it('an approver cannot approve their own reply unless the policy allows it; other workspaces see 404', async () => {
    const w = await buildWorkspace(t);
    const other = await buildWorkspace(t, { name: 'Other' });
    const admin = await buildMember(t, w.workspaceId, 'admin', 'Ada Admin');
    await setPolicy(w, { rules: [{ name: 'Admins too', roles: ['admin'] }] });
    const c = await conversation(w);
    const held = (await (await replyAs(admin.token, c, { text: 'Mine' })).json()).held;
    expect(held.status).toBe('proposed');
    const own = await t.req('POST', `/api/v1/held-replies/${held.id}/approve`, { token: admin.token, body: {} });
    expect(own.status).toBe(403);
    expect((await t.req('POST', `/api/v1/held-replies/${held.id}/approve`, { token: other.token, body: {} })).status).toBe(404);
    expect((await t.req('GET', `/api/v1/conversations/${c}/held-replies`, { token: other.token })).status).toBe(404);
    await setPolicy(w, { rules: [{ name: 'Admins too', roles: ['admin'] }], allowSelfApproval: true });
    expect((await t.req('POST', `/api/v1/held-replies/${held.id}/approve`, { token: admin.token, body: {} })).status).toBe(200);
    expect(await outbound(c)).toHaveLength(1);
  });

  it('a custom role with replies.approve may approve', async () => {
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const lead = await buildMember(t, w.workspaceId, 'agent', 'Lee Lead');
    const role = await (
      await t.req('POST', '/api/v1/roles', { token: w.token, body: { name: 'Lead', permissions: ['conversations.view', 'replies.approve'] } })
    ).json();
    expect((await t.req('PATCH', `/api/v1/members/${lead.userId}`, { token: w.token, body: { roleId: role.id } })).status).toBe(200);
    await setPolicy(w, { rules: [{ name: 'Everyone', userIds: [agent.userId] }] });
    const c = await conversation(w, 'private');
    const held = (await (await replyAs(agent.token, c, { text: 'Hello' })).json()).held;
    expect((await t.req('POST', `/api/v1/held-replies/${held.id}/approve`, { token: lead.token, body: {} })).status).toBe(200);
    expect((await outbound(c))[0]).toMatchObject({ author_user_id: agent.userId });
  });

  it("erasing the customer's data removes the replies still held for them", async () => {
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    await setPolicy(w, publicByAgents);
    const c = await conversation(w);
    const held = (await (await replyAs(agent.token, c, { text: 'Dear customer, about your order 123' })).json()).held;
    expect(held.status).toBe('proposed');
    const { contact_id } = await t.app.store.db.selectFrom('conversations').select('contact_id').where('id', '=', c).executeTakeFirstOrThrow();
    expect((await t.req('POST', `/api/v1/contacts/${contact_id}/erase`, { token: w.token, body: { confirm: 'ERASE' } })).status).toBe(200);
    expect(await t.app.store.db.selectFrom('held_replies').select('id').where('conversation_id', '=', c).execute()).toEqual([]);
    expect((await t.req('POST', `/api/v1/held-replies/${held.id}/approve`, { token: w.token, body: {} })).status).toBe(404);
  });
});
