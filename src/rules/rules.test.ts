import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichPending } from '../enrich/enrich-pending.js';
import { replayReactor, runReactors } from '../events/reactors.js';
import { rulesReactor } from './reactor.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { reactors } from '../processes/reactors.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { applyActions } from './actions/apply.js';
import { FIRINGS_PER_CONVERSATION_HOUR, MAX_RULE_DEPTH } from './model.js';
import { settlePipeline } from '../test/settle.js';

let t: TestApp;
let clock = Date.parse('2026-11-02T10:00:00Z');

const settle = () => settlePipeline(t.app, 6);
async function say(w: TestWorkspace, who: string, text: string) {
  clock += 1000;
  const body = buildInbound({ from: { id: who, name: who }, text, timestamp: clock });
  expect((await deliver(t, w, body)).status).toBe(200);
  await settle();
  return convOf(w, who);
}
async function convOf(w: TestWorkspace, name: string) {
  const row = await t.app.store.db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .selectAll('conversations')
    .where('conversations.workspace_id', '=', w.workspaceId)
    .where('contacts.name', '=', name)
    .executeTakeFirstOrThrow();
  return row;
}
const tagsOf = async (id: string) =>
  (await t.app.store.db.selectFrom('conversation_tags').select('tag').where('conversation_id', '=', id).execute()).map((r) => r.tag).sort();
const firings = (w: TestWorkspace) =>
  t.app.store.db.selectFrom('rule_firings').selectAll().where('workspace_id', '=', w.workspaceId).where('outcome', '!=', 'skipped').execute();
async function rule(w: TestWorkspace, body: Record<string, unknown>) {
  const res = await t.req('POST', '/api/v1/rules', { token: w.token, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; position: number };
}
const onMessage = { type: 'message_received' };

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  t.app.senders.set('api', { send: async (r) => ({ ok: true, externalId: `net-${r.idempotencyKey}` }) });
  await runReactors(t.app, reactors);
});
afterAll(() => t.close());

describe(`automation rules (${testDialect})`, () => {
  it('CRUD, order, enable/disable, export/import, and clear 400s for bad rules; agents may not manage rules', async () => {
    const w = await buildWorkspace(t);
    const a = await rule(w, { name: 'A', trigger: onMessage, actions: [{ type: 'add_tags', tags: ['a'] }] });
    const b = await rule(w, { name: 'B', trigger: { type: 'sla_breached' }, actions: [{ type: 'set_priority', priority: 'urgent' }] });
    const c = await rule(w, { name: 'C', trigger: onMessage, actions: [{ type: 'stop_processing' }], position: 1 });
    const names = async () => ((await (await t.req('GET', '/api/v1/rules', { token: w.token })).json()).rules as { name: string }[]).map((r) => r.name);
    expect(await names()).toEqual(['C', 'A', 'B']);
    expect((await t.req('POST', '/api/v1/rules/reorder', { token: w.token, body: { ids: [a.id, b.id, c.id] } })).status).toBe(200);
    expect(await names()).toEqual(['A', 'B', 'C']);
    expect((await t.req('PATCH', `/api/v1/rules/${c.id}`, { token: w.token, body: { position: 1, name: 'C2' } })).status).toBe(200);
    expect(await names()).toEqual(['C2', 'A', 'B']);
    expect((await (await t.req('POST', `/api/v1/rules/${c.id}/disable`, { token: w.token })).json()).enabled).toBe(false);
    expect((await t.req('DELETE', `/api/v1/rules/${b.id}`, { token: w.token })).status).toBe(204);
    expect(await names()).toEqual(['C2', 'A']);

    // Bad input: field-level 400s, nothing written.
    const bad = [
      { name: 'x', trigger: { type: 'nope' }, actions: [{ type: 'add_tags', tags: ['a'] }] },
      { name: 'x', trigger: onMessage, actions: [] },
      { name: 'x', trigger: onMessage, actions: [{ type: 'assign' }] },
      { name: 'x', trigger: onMessage, actions: [{ type: 'assign', teamId: 'no-such-team' }] },
      {
        name: 'x',
        trigger: onMessage,
        conditions: { all: [{ field: 'text', op: 'matches', value: 'refund AND (' }] },
        actions: [{ type: 'add_tags', tags: ['a'] }],
      },
      { name: 'x', trigger: onMessage, actions: [{ type: 'webhook', url: 'http://169.254.169.254/latest' }] },
      { name: 'x', trigger: { type: 'no_reply_for', minutes: 0 }, actions: [{ type: 'add_tags', tags: ['a'] }] },
    ];
    for (const body of bad) {
      const res = await t.req('POST', '/api/v1/rules', { token: w.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await names()).toEqual(['C2', 'A']);

    const file = await (await t.req('GET', '/api/v1/rules/export', { token: w.token })).json();
    expect(file.version).toBe(1);
    expect(file.rules.map((r: { name: string }) => r.name)).toEqual(['C2', 'A']);
    const w2 = await buildWorkspace(t);
    const imported = await t.req('POST', '/api/v1/rules/import', { token: w2.token, body: { file } });
    expect(imported.status).toBe(200);
    expect((await imported.json()).rules.map((r: { name: string; enabled: boolean }) => [r.name, r.enabled])).toEqual([
      ['C2', false],
      ['A', true],
    ]);
    // A bad rule in a file names its index, and nothing of the file is imported.
    const broken = { version: 1, rules: [file.rules[1], { ...file.rules[1], actions: [{ type: 'assign', teamId: 'ghost' }] }] };
    const r = await t.req('POST', '/api/v1/rules/import', { token: w2.token, body: { file: broken } });
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toContain('rules[1]');
    expect((await (await t.req('GET', '/api/v1/rules', { token: w2.token })).json()).rules).toHaveLength(2);

    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('GET', '/api/v1/rules', { token: agent.token })).status).toBe(403);
    expect((await t.req('POST', '/api/v1/rules', { token: agent.token, body: bad[0] })).status).toBe(403);
    // Another workspace's rule is not found.
    expect((await t.req('GET', `/api/v1/rules/${a.id}`, { token: w2.token })).status).toBe(404);
  });

  it('a customer message fires rules in order with triage conditions; actions carry the rule as actor; logged and evented', async () => {
    const w = await buildWorkspace(t);
    const team = await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Escalations' } });
    const teamId = (await team.json()).id;
    const r1 = await rule(w, {
      name: 'Angry complaint → high',
      trigger: { type: 'message_received', which: 'new_conversation' },
      conditions: {
        all: [{ field: 'sentiment', op: 'in', value: ['negative'] }],
        any: [
          { field: 'text', op: 'matches', value: 'refund OR broken' },
          { field: 'intent', op: 'in', value: ['complaint'] },
        ],
      },
      actions: [
        { type: 'set_priority', priority: 'high' },
        { type: 'add_tags', tags: ['angry'] },
        { type: 'assign', teamId },
        { type: 'add_note', text: 'Escalated by automation' },
        { type: 'notify', userIds: [w.ownerId], text: 'An angry customer' },
      ],
    });
    // Rule 2 sees rule 1's tag (the conversation is reloaded between rules).
    await rule(w, {
      name: 'Follow-up',
      trigger: onMessage,
      conditions: { all: [{ field: 'tags', op: 'any', value: ['angry'] }] },
      actions: [{ type: 'add_tags', tags: ['seen-angry'] }],
    });
    await rule(w, {
      name: 'Never: praise',
      trigger: onMessage,
      conditions: { all: [{ field: 'intent', op: 'in', value: ['praise'] }] },
      actions: [{ type: 'add_tags', tags: ['praise'] }],
    });

    const conv = await say(w, 'Angry Ann', 'This is terrible, my order arrived broken and I want a refund now!');
    expect(await tagsOf(conv.id)).toEqual(['angry', 'seen-angry']);
    const after = await convOf(w, 'Angry Ann');
    expect(after.priority).toBe(3);
    expect(after.team_id).toBe(teamId);
    const note = await t.app.store.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conv.id)
      .where('direction', '=', 'note')
      .executeTakeFirstOrThrow();
    expect(note).toMatchObject({ author_kind: 'automation', author_user_id: null, body: 'Escalated by automation' });
    // The events name the rule, not a person.
    const tagged = await t.app.store.db
      .selectFrom('events')
      .selectAll()
      .where('conversation_id', '=', conv.id)
      .where('type', '=', 'conversation.tagged')
      .execute();
    expect(tagged[0]).toMatchObject({ actor_user_id: null, actor_rule_id: r1.id });
    const activity = await (await t.req('GET', `/api/v1/conversations/${conv.id}/activity`, { token: w.token })).json();
    const items = (activity.items ?? activity.activity ?? activity) as { kind: string; actor: unknown }[];
    expect(items.find((i) => i.kind === 'tagged')?.actor).toEqual({ kind: 'rule', id: r1.id, name: 'Angry complaint → high' });
    const fired = await t.app.store.db.selectFrom('events').select('data').where('conversation_id', '=', conv.id).where('type', '=', 'rule.fired').execute();
    expect(fired).toHaveLength(2);
    const log = await (await t.req('GET', `/api/v1/rules/log?ruleId=${r1.id}`, { token: w.token })).json();
    expect(log.firings).toHaveLength(1);
    expect(log.firings[0]).toMatchObject({ ruleName: 'Angry complaint → high', conversationId: conv.id, eventType: 'message.received', outcome: 'applied' });
    expect(log.firings[0].results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    const notes = await t.app.store.db.selectFrom('notifications').selectAll().where('workspace_id', '=', w.workspaceId).execute();
    expect(notes).toMatchObject([{ user_id: w.ownerId, conversation_id: conv.id, rule_id: r1.id, text: 'An angry customer' }]);

    // A second message is a customer reply: the "new conversation" rule does not fire again; the others' conditions are re-read.
    await say(w, 'Angry Ann', 'Hello?');
    expect((await firings(w)).filter((f) => f.rule_id === r1.id)).toHaveLength(1);
    // The list says how often each rule acted and when last; one that never matched says so.
    const listed = (await (await t.req('GET', '/api/v1/rules', { token: w.token })).json()).rules as {
      name: string;
      firingCount: number;
      lastFiredAt: string | null;
    }[];
    expect(listed.map((r) => [r.name, r.firingCount])).toEqual([
      ['Angry complaint → high', 1],
      ['Follow-up', 2],
      ['Never: praise', 0],
    ]);
    expect(Date.parse(listed[0]!.lastFiredAt ?? '')).toBeGreaterThan(0);
    expect(listed[2]!.lastFiredAt).toBeNull();

    // Dry run: the draft matches Ann's conversation and not a happy one.
    await say(w, 'Happy Hal', 'Thank you so much, you are wonderful, great service!');
    const dry = await t.req('POST', '/api/v1/rules/dry-run', {
      token: w.token,
      body: {
        rule: {
          name: 'draft',
          trigger: onMessage,
          conditions: { all: [{ field: 'tags', op: 'any', value: ['angry'] }] },
          actions: [{ type: 'add_tags', tags: ['x'] }],
        },
      },
    });
    const d = await dry.json();
    expect(d.matched).toBe(1);
    expect(d.results.find((r: { matched: boolean }) => r.matched).conversationId).toBe(conv.id);
    expect(d.results.find((r: { matched: boolean }) => !r.matched).failing).toEqual(['tags']);
    expect(await tagsOf((await convOf(w, 'Happy Hal')).id)).not.toContain('x');
    expect((await t.req('POST', '/api/v1/rules/dry-run', { token: w.token, body: { rule: { name: 'x' } } })).status).toBe(400);
  });

  it('condition families: channel, kind, visibility, language, needs-reply, troll, PII, contact attributes, VIP, status, team, assignee, business hours, message count, previous CSAT', async () => {
    const w = await buildWorkspace(t);
    const conds: Record<string, unknown>[] = [
      { field: 'channel', op: 'in', value: [w.channelId] },
      { field: 'channel_type', op: 'in', value: ['api'] },
      { field: 'kind', op: 'in', value: ['dm'] },
      { field: 'visibility', op: 'is', value: 'private' },
      { field: 'language', op: 'in', value: ['de'] },
      { field: 'needs_reply', op: 'is', value: true },
      { field: 'troll_score', op: 'lte', value: 0.99 },
      { field: 'pii_found', op: 'is', value: true, types: ['email'] },
      { field: 'text', op: 'contains', value: 'BESTELLUNG' },
      { field: 'contact_attribute', key: 'plan', op: 'eq', value: 'gold' },
      { field: 'vip', op: 'is', value: true },
      { field: 'status', op: 'in', value: ['open'] },
      { field: 'team', op: 'not_set' },
      { field: 'assignee', op: 'not_set' },
      { field: 'business_hours', op: 'is', value: 'in' },
      { field: 'message_count', op: 'gte', value: 2 },
      { field: 'previous_csat', op: 'missing' },
      { field: 'priority', op: 'lte', value: 'normal' },
    ];
    const r = await rule(w, { name: 'All families', trigger: onMessage, conditions: { all: conds }, actions: [{ type: 'add_tags', tags: ['all-matched'] }] });
    const first = await say(w, 'Greta', 'Hallo, wo ist meine Bestellung? Schreiben Sie mir an greta@example.de, bitte.');
    // Not yet: one message only, and no attributes.
    expect(await tagsOf(first.id)).toEqual([]);
    await t.app.store.db
      .updateTable('contacts')
      .set({ attributes: JSON.stringify({ plan: 'Gold', vip: 'yes' }) })
      .where('id', '=', first.contact_id)
      .execute();
    // A person sets the level, which pins it: the computed priority (VIP, waiting) leaves it alone.
    expect((await t.req('PATCH', `/api/v1/conversations/${first.id}`, { token: w.token, body: { priority: 'normal' } })).status).toBe(200);
    const second = await say(w, 'Greta', 'Ich warte immer noch auf meine Bestellung, greta@example.de. Wann kommt sie?');
    const dry = await (
      await t.req('POST', '/api/v1/rules/dry-run', {
        token: w.token,
        body: { rule: { name: 'd', trigger: onMessage, conditions: { all: conds }, actions: [{ type: 'stop_processing' }] } },
      })
    ).json();
    expect(dry.results[0].failing).toEqual([]);
    expect(await tagsOf(second.id)).toEqual(['all-matched']);
    // Each family can also fail: flip VIP and the same rule does not fire on the next message.
    await t.req('DELETE', `/api/v1/rules/${r.id}`, { token: w.token });
    await rule(w, {
      name: 'Not VIP',
      trigger: onMessage,
      conditions: { all: [{ field: 'vip', op: 'is', value: false }] },
      actions: [{ type: 'add_tags', tags: ['not-vip'] }],
    });
    await rule(w, {
      name: 'English',
      trigger: onMessage,
      conditions: { all: [{ field: 'language', op: 'in', value: ['en'] }] },
      actions: [{ type: 'add_tags', tags: ['en'] }],
    });
    await say(w, 'Greta', 'Hallo? Bitte antworten Sie mir, ich brauche Hilfe mit der Bestellung.');
    expect(await tagsOf(second.id)).toEqual(['all-matched']);
  });

  it("a batch waits in order for its messages' triage: nothing is evaluated before it, nothing twice", async () => {
    const w = await buildWorkspace(t);
    await rule(w, {
      name: 'Negative → tag',
      trigger: onMessage,
      conditions: { all: [{ field: 'sentiment', op: 'in', value: ['negative'] }] },
      actions: [{ type: 'add_tags', tags: ['unhappy'] }],
    });
    for (const who of ['Bea', 'Cal']) {
      clock += 1000;
      const body = buildInbound({ from: { id: who, name: who }, text: 'This is terrible, my order arrived broken!', timestamp: clock });
      expect((await deliver(t, w, body)).status).toBe(200);
    }
    while (await processJournalBatch(t.app)) {}
    await runReactors(t.app, reactors); // one rules.run job for both events; triage has not run
    while (await runDueJobs(t.app)) {}
    const jobs = () =>
      t.app.store.db
        .selectFrom('jobs')
        .select(['status', 'payload'])
        .where('workspace_id', '=', w.workspaceId)
        .where('name', '=', 'rules.run')
        .orderBy('id')
        .execute();
    const waiting = await jobs();
    expect(waiting.map((j) => j.status)).toEqual(['done', 'pending']);
    expect(JSON.parse(waiting[1]!.payload).events).toHaveLength(2);
    expect(await firings(w)).toHaveLength(0);
    // Triage lands; a second later the waiting batch runs, in order, each message once.
    while (await enrichPending(t.app)) {}
    clock += 1500;
    while (await runDueJobs(t.app)) {}
    expect((await jobs()).map((j) => j.status)).toEqual(['done', 'done']);
    expect(await tagsOf((await convOf(w, 'Bea')).id)).toEqual(['unhappy']);
    expect(await tagsOf((await convOf(w, 'Cal')).id)).toEqual(['unhappy']);
    expect(await firings(w)).toHaveLength(2);
  });

  it('rules stand aside while deliveries wait in the journal, for at most a minute', async () => {
    const w = await buildWorkspace(t);
    await rule(w, { name: 'Tag all', trigger: onMessage, actions: [{ type: 'add_tags', tags: ['seen'] }] });
    clock += 1000;
    expect((await deliver(t, w, buildInbound({ from: { id: 'Ivy', name: 'Ivy' }, text: 'Hello there', timestamp: clock }))).status).toBe(200);
    while (await processJournalBatch(t.app)) {}
    while (await enrichPending(t.app)) {}
    await runReactors(t.app, reactors);
    // Another delivery arrives and waits in the journal: intake goes first.
    expect((await deliver(t, w, buildInbound({ from: { id: 'Jo', name: 'Jo' }, text: 'Hi', timestamp: clock }))).status).toBe(200);
    while (await runDueJobs(t.app)) {}
    const ivy = (await convOf(w, 'Ivy')).id;
    expect(await tagsOf(ivy)).toEqual([]);
    const job = await t.app.store.db
      .selectFrom('jobs')
      .select(['status', 'last_error', 'attempts'])
      .where('workspace_id', '=', w.workspaceId)
      .where('name', '=', 'rules.run')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', last_error: 'intake first: deliveries wait in the journal', attempts: 0 });
    // A minute on, with the journal still waiting, the rules take their turn anyway.
    clock += 61_000;
    while (await runDueJobs(t.app)) {}
    expect(await tagsOf(ivy)).toEqual(['seen']);
    await settle();
    expect(await tagsOf((await convOf(w, 'Jo')).id)).toEqual(['seen']);
  });

  it('a rule fires once per event: the job and the reactor run again change nothing', async () => {
    const w = await buildWorkspace(t);
    const r = await rule(w, { name: 'Tag once', trigger: onMessage, actions: [{ type: 'add_note', text: 'once' }] });
    const conv = await say(w, 'Olly', 'Where is my parcel?');
    const jobs = await t.app.store.db.selectFrom('jobs').selectAll().where('workspace_id', '=', w.workspaceId).where('name', '=', 'rules.run').execute();
    expect(jobs).toHaveLength(1);
    // Run it again (a worker died after acting): the firing's unique key holds.
    await t.app.store.db.updateTable('jobs').set({ status: 'pending', run_at: 0, locked_until: null }).where('id', '=', jobs[0]!.id).execute();
    // And the reactor reads the page again (a replay).
    const first = await t.app.store.db.selectFrom('events').select('id').where('conversation_id', '=', conv.id).orderBy('id').executeTakeFirstOrThrow();
    await replayReactor(t.app, rulesReactor, Number(first.id));
    await settle();
    const notes = await t.app.store.db.selectFrom('messages').select('id').where('conversation_id', '=', conv.id).where('direction', '=', 'note').execute();
    expect(notes).toHaveLength(1);
    expect((await firings(w)).filter((f) => f.rule_id === r.id)).toHaveLength(1);
  });

  it('loops: a rule does not trigger rules unless it opts in; opted in, the chain stops at the depth cap; the per-conversation limit holds the rest back', async () => {
    const w = await buildWorkspace(t);
    const retag = { name: 'On tags → tag', trigger: { type: 'conversation_updated', fields: ['tags'] }, actions: [{ type: 'add_tags', tags: ['x'] }] };
    const starter = await rule(w, { name: 'Start', trigger: onMessage, actions: [{ type: 'add_tags', tags: ['start'] }] });
    const follower = await rule(w, { ...retag, conditions: { all: [{ field: 'tags', op: 'none', value: ['never'] }] } });
    const conv = await say(w, 'Loopy', 'Hi there, question about my order');
    // Start's tag change does not trigger the follower (Start did not opt in).
    expect(await tagsOf(conv.id)).toEqual(['start']);
    expect((await firings(w)).map((f) => f.rule_name)).toEqual(['Start']);

    // Opting in: Start triggers the follower, whose own change (it opted in too) triggers itself again… up to the cap.
    await t.req('PATCH', `/api/v1/rules/${starter.id}`, {
      token: w.token,
      body: { triggersOtherRules: true, actions: [{ type: 'remove_tags', tags: ['start'] }] },
    });
    await t.req('PATCH', `/api/v1/rules/${follower.id}`, {
      token: w.token,
      body: {
        triggersOtherRules: true,
        actions: [
          { type: 'add_tags', tags: ['x'] },
          { type: 'remove_tags', tags: ['x'] },
        ],
      },
    });
    await say(w, 'Loopy', 'And another thing');
    const fs = await firings(w);
    const depths = fs.filter((f) => f.rule_id === follower.id).map((f) => Number(f.depth));
    // Start (depth 1) → one follower firing at depth 2 → its two changes → two at depth 3; none deeper.
    expect(depths.sort()).toEqual([2, 3, 3]);
    expect(MAX_RULE_DEPTH).toBe(3);

    // Per-conversation limit: with the hour's budget spent, the next firing is held back and logged as "limited".
    const now = clock;
    await t.app.store.db
      .insertInto('rule_firings')
      .values(
        Array.from({ length: FIRINGS_PER_CONVERSATION_HOUR }, (_, i) => ({
          id: `fill-${w.workspaceId}-${i}`,
          workspace_id: w.workspaceId,
          rule_id: 'old',
          rule_name: 'old',
          conversation_id: conv.id,
          event_key: `fill-${i}`,
          event_id: null,
          event_type: 'test',
          depth: 1,
          actions: '[]',
          outcome: 'applied' as const,
          results: '[]',
          error: null,
          created_at: now,
          finished_at: now,
        })),
      )
      .execute();
    const before = await tagsOf(conv.id);
    await say(w, 'Loopy', 'Still there?');
    expect((await firings(w)).filter((f) => f.outcome === 'limited').map((f) => f.rule_name)).toEqual(['Start']);
    expect(await tagsOf(conv.id)).toEqual(before);
  });

  it('actions: status (resolve, pending, snooze), remove tags, assign agent, saved reply as automation, move to private, moderate, webhook; failures are recorded', async () => {
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent', 'Ada Agent');
    const saved = await (await t.req('POST', '/api/v1/saved-replies', { token: w.token, body: { name: 'thanks', body: 'Thanks, we are on it.' } })).json();
    const conv = await say(w, 'Sam', 'My invoice is wrong');
    const apply = (actions: unknown[]) =>
      applyActions(t.app, { workspaceId: w.workspaceId, conversationId: conv.id, actions: actions as never, performer: { kind: 'rule', ruleId: 'r-test' } });
    let r = await apply([
      { type: 'assign', assigneeId: agent.userId },
      { type: 'add_tags', tags: ['billing', 'temp'] },
      { type: 'remove_tags', tags: ['temp'] },
      { type: 'send_saved_reply', savedReplyId: saved.id },
      { type: 'set_status', status: 'pending' },
    ]);
    expect(r.results.map((x) => [x.type, x.ok])).toEqual([
      ['assign', true],
      ['add_tags', true],
      ['remove_tags', true],
      ['send_saved_reply', true],
      ['set_status', true],
    ]);
    const out = await t.app.store.db.selectFrom('messages').selectAll().where('conversation_id', '=', conv.id).where('direction', '=', 'out').execute();
    expect(out).toMatchObject([{ author_kind: 'automation', body: 'Thanks, we are on it.' }]);
    expect(
      await t.app.store.db.selectFrom('jobs').select('id').where('name', '=', 'outbox.send').where('workspace_id', '=', w.workspaceId).execute(),
    ).not.toHaveLength(0);
    expect(await convOf(w, 'Sam')).toMatchObject({ assignee_id: agent.userId, status: 'pending' });
    expect(await tagsOf(conv.id)).toEqual(['billing']);

    r = await apply([
      { type: 'set_status', status: 'snoozed', snoozeMinutes: 60 },
      { type: 'set_status', status: 'resolved' },
      { type: 'set_status', status: 'resolved' },
    ]);
    expect(r.results.map((x) => x.ok)).toEqual([true, true, true]);
    expect(r.results[2]!.note).toContain('already');
    // Not possible here: moving a private DM to private, moderating without a public comment, an unknown saved reply, a survey when surveys are off.
    r = await apply([
      { type: 'move_to_private', text: 'Let us talk in private' },
      { type: 'moderate', action: 'hide' },
      { type: 'send_saved_reply', savedReplyId: 'gone' },
      { type: 'send_survey' },
      { type: 'stop_processing' },
    ]);
    expect(r.results.map((x) => x.ok)).toEqual([false, false, false, false, true]);
    expect(r.stop).toBe(true);
    expect(r.results[0]!.note).toContain('already private');

    // Webhook: queued as a job posted through the outbound client.
    r = await apply([{ type: 'webhook', url: 'https://hooks.example.com/hearken' }]);
    expect(r.results[0]!.ok).toBe(true);
    const hook = await t.app.store.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', 'rules.webhook')
      .where('workspace_id', '=', w.workspaceId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(hook.payload)).toMatchObject({ url: 'https://hooks.example.com/hearken', body: { ruleId: 'r-test', conversationId: conv.id } });

    // A user performer (macros) acts as that person.
    await applyActions(t.app, {
      workspaceId: w.workspaceId,
      conversationId: conv.id,
      actions: [{ type: 'add_tags', tags: ['by-hand'] }],
      performer: { kind: 'user', userId: agent.userId },
    });
    const ev = await t.app.store.db
      .selectFrom('events')
      .selectAll()
      .where('conversation_id', '=', conv.id)
      .where('type', '=', 'conversation.tagged')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ actor_user_id: agent.userId, actor_rule_id: null });
  });

  it('event triggers: created, updated (status/assignee/priority), reply sent, snooze ended, SLA breached, survey answered, mention engaged', async () => {
    const w = await buildWorkspace(t);
    const tag = (name: string, trigger: Record<string, unknown>) => rule(w, { name, trigger, actions: [{ type: 'add_tags', tags: [name] }] });
    await tag('created', { type: 'conversation_created' });
    await tag('status', { type: 'conversation_updated', fields: ['status'] });
    await tag('priority', { type: 'conversation_updated', fields: ['priority'] });
    await tag('replied', { type: 'reply_sent' });
    await tag('snooze-ended', { type: 'snooze_ended' });
    const conv = await say(w, 'Tess', 'Hello, is the shop open on Sunday?');
    expect(await tagsOf(conv.id)).toEqual(['created']);
    await t.req('PATCH', `/api/v1/conversations/${conv.id}`, { token: w.token, body: { priority: 'high' } });
    await settle();
    expect(await tagsOf(conv.id)).toEqual(['created', 'priority']);
    await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: 'Yes, 10 to 4.' } });
    await settle();
    expect(await tagsOf(conv.id)).toContain('replied');
    await t.req('POST', `/api/v1/conversations/${conv.id}/status`, {
      token: w.token,
      body: { status: 'snoozed', snoozedUntil: new Date(clock + 60_000).toISOString() },
    });
    await settle();
    expect(await tagsOf(conv.id)).toContain('status');
    expect(await tagsOf(conv.id)).not.toContain('snooze-ended');
    clock += 2 * 60_000;
    const { wakeSnoozed } = await import('../conversations/wake-snoozed.js');
    await wakeSnoozed(t.app);
    await settle();
    expect(await tagsOf(conv.id)).toContain('snooze-ended');

    // Events the system writes: appended directly, as SLA, surveys and listening do.
    const { appendEvent } = await import('../events/append.js');
    await tag('breached', { type: 'sla_breached' });
    await tag('answered', { type: 'survey_answered' });
    await tag('engaged', { type: 'mention_engaged' });
    const clock0 = {
      clockId: 'c',
      target: 'first_response',
      policyId: null,
      policyName: 'P',
      startedAt: clock,
      dueAt: clock,
      timeMode: 'calendar',
      assigneeId: null,
    };
    await appendEvent(t.app.store.db, {
      workspaceId: w.workspaceId,
      type: 'sla.breached',
      conversationId: conv.id,
      data: { ...clock0, teamId: null, notifyUserIds: [] },
      at: clock,
    });
    await appendEvent(t.app.store.db, {
      workspaceId: w.workspaceId,
      type: 'survey.answered',
      conversationId: conv.id,
      data: { surveyId: 's', kind: 'csat', score: 5, comment: null, via: 'link' },
      at: clock,
    });
    await appendEvent(t.app.store.db, {
      workspaceId: w.workspaceId,
      type: 'mention.engaged',
      conversationId: conv.id,
      data: { mentionId: 'm', from: 'new' },
      at: clock,
    });
    await settle();
    expect(await tagsOf(conv.id)).toEqual(expect.arrayContaining(['breached', 'answered', 'engaged']));
  });
});
