import type Database from 'better-sqlite3';
import { newId } from '../../src/lib/ids.js';
import type { Store } from '../../src/store/db.js';
import { pick, rng, skewed } from './corpus.js';
import { note } from './stats.js';

export interface MetricsDatasetSize {
  conversations: number;
  /** Days the conversations are spread over, ending now. */
  days: number;
}

export interface MetricsDataset {
  workspaceId: string;
  channelIds: string[];
  agentIds: string[];
  conversations: number;
  messages: number;
  events: number;
  slaClocks: number;
  surveys: number;
  loadSec: number;
}

const DAY = 86_400_000;
const MIN = 60_000;
const TAGS = ['billing', 'shipping', 'refund', 'bug', 'vip', 'complaint', 'praise', 'order', 'returns', 'account'];
const KINDS = ['dm', 'dm', 'dm', 'comment', 'comment', 'mention', 'email', 'chat'] as const;
const SENTIMENTS = ['negative', 'neutral', 'neutral', 'positive', null] as const;

/**
 * One big workspace's care history for the dashboard bench (issue 5): `conversations` over
 * `days`, each a realistic life in the event log — created, the customer's messages
 * (message.received), assigned, human replies (message.created, message.sent, delivery
 * receipts), tagged, resolved; some customers write again (reopen → a new cycle) — about ten
 * event-log rows per conversation, plus the messages, an SLA first-response clock per cycle and
 * a CSAT answer for one resolution in ten. Rows go straight into the real schema through
 * prepared statements; every conversation is then marked stale, as after an upgrade, so the
 * real projector builds the rollups.
 */
export function loadMetricsDataset(store: Store, size: MetricsDatasetSize, seed = 7): MetricsDataset {
  const db = store.sqlite!;
  const started = performance.now();
  const r = rng(seed);
  const now = Date.now();
  const ins = statements(db);
  const workspaceId = newId(now - (size.days + 10) * DAY);
  const agentIds: string[] = [];
  const teamIds: string[] = [];
  const channelIds: string[] = [];
  db.transaction(() => {
    ins.workspace.run(workspaceId, 'Big brand', now - (size.days + 10) * DAY);
    for (let a = 0; a < 60; a++) {
      const id = newId(now - (size.days + 9) * DAY);
      ins.user.run(id, `agent-${a}@bench.example`, `Agent ${a}`, 'not-a-real-hash', now - (size.days + 9) * DAY);
      ins.membership.run(workspaceId, id, a === 0 ? 'owner' : 'agent', now - (size.days + 9) * DAY);
      agentIds.push(id);
    }
    for (let t = 0; t < 6; t++) {
      const id = newId(now - (size.days + 9) * DAY);
      ins.team.run(id, workspaceId, `Team ${t}`, now - (size.days + 9) * DAY);
      teamIds.push(id);
    }
    for (let c = 0; c < 5; c++) {
      const id = newId(now - (size.days + 8) * DAY);
      ins.channel.run(id, workspaceId, 'api', `Channel ${c}`, '{}', 'active', now - (size.days + 8) * DAY);
      channelIds.push(id);
    }
  })();

  const counts = { messages: 0, events: 0, slaClocks: 0, surveys: 0 };
  let pending: Array<() => void> = [];
  const flush = () => {
    db.transaction(() => pending.forEach((f) => f()))();
    pending = [];
  };

  for (let i = 0; i < size.conversations; i++) {
    // The conversation's own rows, written after its conversation row (foreign keys).
    const rows: Array<() => void> = [];
    const event = (type: string, convId: string, actor: string | null, data: object, at: number) => {
      counts.events++;
      rows.push(() => ins.event.run(workspaceId, type, convId, actor, JSON.stringify(data), at));
    };
    // In the order they arrive (as a real history is written), busier in daytime hours.
    const slot = now - size.days * DAY + Math.floor(((i + r()) / size.conversations) * size.days * DAY);
    let created = new Date(slot).getUTCHours() < 7 && r() < 0.6 ? slot + Math.floor(r() * 3 * 3600_000) : slot;
    if (created > now - MIN) created = now - MIN;
    const convId = newId(created);
    const contactId = newId(created);
    const channelId = channelIds[skewed(r, channelIds.length)]!;
    const kind = pick(r, KINDS);
    const agent = agentIds[skewed(r, agentIds.length)]!;
    const team = teamIds[Math.floor(r() * teamIds.length)]!;
    const tags = r() < 0.5 ? [TAGS[skewed(r, TAGS.length)]!] : [];
    pending.push(() => ins.contact.run(contactId, workspaceId, `Customer ${i}`, created, created));
    event('conversation.created', convId, null, { kind, channelId, contactId }, created);

    let t = created;
    let status = 'open';
    let lastAt = created;
    const cycles = r() < 0.08 ? 2 : 1;
    for (let c = 0; c < cycles && t < now; c++) {
      if (c > 0) {
        t += Math.floor(r() * 3 * DAY);
        if (t >= now) break;
      }
      const cycleStart = t;
      // The customer's messages and the agent's replies, alternating.
      const turns = 1 + (r() < 0.45 ? 1 : 0) + (r() < 0.15 ? 1 : 0);
      let firstReplyAt: number | null = null;
      for (let k = 0; k < turns && t < now; k++) {
        const inId = newId(t);
        const sentiment = pick(r, SENTIMENTS);
        const at = t;
        counts.messages++;
        rows.push(() =>
          ins.message.run(
            inId,
            workspaceId,
            convId,
            channelId,
            'in',
            'customer',
            null,
            'private',
            'customer text',
            `ext-${inId}`,
            at,
            at,
            'received',
            at,
            sentiment,
          ),
        );
        event('message.received', convId, null, { messageId: inId, kind }, at);
        if (c > 0 && k === 0) {
          event('conversation.reopened', convId, null, { from: 'resolved', to: 'open', reason: 'customer_message' }, at);
          status = 'open';
        }
        if (c === 0 && k === 0)
          event('conversation.assigned', convId, agent, { assigneeId: agent, teamId: team, previousAssigneeId: null, previousTeamId: null }, at + 1000);
        // Replies: minutes to hours (log-normal-ish), some never answered.
        if (r() < 0.06) break;
        t += Math.floor(Math.exp(2 + r() * 4 + r() * 2) * MIN * 0.2);
        if (t >= now) break;
        const outId = newId(t);
        const rat = t;
        firstReplyAt ??= rat;
        counts.messages++;
        rows.push(() =>
          ins.message.run(outId, workspaceId, convId, channelId, 'out', 'human', agent, 'private', 'agent reply', null, null, rat, 'delivered', rat, null),
        );
        event('message.created', convId, agent, { messageId: outId, direction: 'out', authorKind: 'human' }, rat);
        event('message.sent', convId, null, { messageId: outId }, rat + 800);
        event('message.delivery_status', convId, null, { messageId: outId, status: 'delivered' }, rat + 5000);
        t += Math.floor(r() * 90 * MIN);
        lastAt = t;
      }
      // An SLA first-response clock for the cycle (1 h target, calendar time).
      const due = cycleStart + 3600_000;
      const met = firstReplyAt !== null && firstReplyAt <= due;
      counts.slaClocks++;
      rows.push(() =>
        ins.clock.run(
          newId(cycleStart),
          workspaceId,
          convId,
          'p1',
          'Everyone',
          'first_response',
          3600_000,
          'calendar',
          cycleStart,
          due,
          cycleStart + 2700_000,
          firstReplyAt,
          met ? 'met' : 'breached',
          null,
          met ? null : due,
          cycleStart,
          cycleStart,
        ),
      );
      if (c === 0 && tags.length) event('conversation.tagged', convId, agent, { added: tags, removed: [] }, cycleStart + 2000);
      if (r() < 0.88 && t < now) {
        t += Math.floor(r() * 4 * 3600_000);
        if (t < now) {
          event('conversation.status_changed', convId, agent, { from: status, to: 'resolved', reason: 'agent' }, t);
          status = 'resolved';
          if (r() < 0.1) {
            counts.surveys++;
            const rat = t;
            const score = 1 + skewed(r, 3);
            rows.push(() =>
              ins.survey.run(
                newId(rat),
                workspaceId,
                convId,
                channelId,
                'csat',
                'answered',
                null,
                'How did we do?',
                rat,
                rat,
                rat,
                rat + 7 * DAY,
                'buttons',
                null,
                3 - (score - 1),
                null,
                rat + 600_000,
                'buttons',
                0,
                null,
                null,
                rat,
              ),
            );
          }
        }
      }
    }
    const finalStatus = status;
    const last = Math.max(lastAt, t > now ? now : t);
    pending.push(
      () => {
        ins.conversation.run(
          convId,
          workspaceId,
          channelId,
          contactId,
          kind,
          kind === 'dm' ? 'private' : 'public',
          finalStatus,
          0,
          agent,
          team,
          `${channelId}:t:${convId}`,
          last,
          created,
          last,
          finalStatus === 'resolved' ? last : null,
        );
        for (const tag of tags) ins.tag.run(workspaceId, convId, tag);
        ins.stale.run(convId, workspaceId);
      },
      ...rows,
    );
    if (pending.length >= 20_000) flush();
    if (i > 0 && i % 100_000 === 0) note(`metrics dataset: ${i} conversations, ${counts.events} events…`);
  }
  flush();
  // Every conversation is marked stale above, as the rollup reactor would have done for these
  // events: its cursor starts past them (else reports would recompute them all until it caught up).
  db.prepare("UPDATE reactor_cursors SET last_event_id = (SELECT coalesce(max(id), 0) FROM events) WHERE name = 'rollup'").run();
  return { workspaceId, channelIds, agentIds, conversations: size.conversations, ...counts, loadSec: (performance.now() - started) / 1000 };
}

function statements(db: Database.Database) {
  return {
    workspace: db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)'),
    user: db.prepare('INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)'),
    membership: db.prepare('INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?)'),
    team: db.prepare('INSERT INTO teams (id, workspace_id, name, created_at) VALUES (?, ?, ?, ?)'),
    channel: db.prepare('INSERT INTO channels (id, workspace_id, type, name, settings, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    contact: db.prepare("INSERT INTO contacts (id, workspace_id, name, attributes, created_at, updated_at) VALUES (?, ?, ?, '{}', ?, ?)"),
    conversation: db.prepare(
      `INSERT INTO conversations (id, workspace_id, channel_id, contact_id, kind, visibility, status, priority, assignee_id, team_id, thread_key,
         last_message_at, unread, created_at, updated_at, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
    ),
    tag: db.prepare('INSERT INTO conversation_tags (workspace_id, conversation_id, tag) VALUES (?, ?, ?)'),
    message: db.prepare(
      `INSERT INTO messages (id, workspace_id, conversation_id, channel_id, direction, author_kind, author_user_id, visibility, body, attachments,
         external_id, network_ts, received_at, delivery_status, created_at, sentiment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?)`,
    ),
    event: db.prepare('INSERT INTO events (workspace_id, type, conversation_id, actor_user_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    clock: db.prepare(
      `INSERT INTO sla_clocks (id, workspace_id, conversation_id, policy_id, policy_name, target, target_ms, time_mode, started_at, due_at, warn_at, stopped_at, status, warned_at, breached_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    survey: db.prepare(
      `INSERT INTO surveys (id, workspace_id, conversation_id, channel_id, kind, status, status_reason, question, resolved_at, send_at, sent_at, expires_at, delivery, message_id, score, comment, answered_at, answered_via, wow, wow_by, wow_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    stale: db.prepare('INSERT INTO metric_stale (conversation_id, workspace_id, mark, marked_at) VALUES (?, ?, 0, 0)'),
  };
}
