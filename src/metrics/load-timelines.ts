import { sql, type Kysely } from 'kysely';
import { inheritMergedHistory } from './merged-history.js';
import type { DB } from '../store/schema.js';
import { messageTime, type ConversationTimeline } from './timeline.js';
import { isRemoved, REMOVED_COLUMNS } from '../conversations/removed-messages.js';

/** Bound on ids per IN list: far below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;
/**
 * A customer message counts at min(network time, received time). Picking candidates by network
 * time alone is exact unless a network's clock runs ahead of ours by more than this.
 */
const CLOCK_SKEW_MS = 86_400_000;

/**
 * The events a conversation's facts are computed from (with its messages): status changes and
 * assignments. Data retention keeps them as long as their conversation (src/retention), so a
 * conversation recomputed later gives the same facts.
 */
export const TIMELINE_EVENT_TYPES = ['conversation.status_changed', 'conversation.reopened', 'conversation.assigned'] as const;

export interface TimelineQuery {
  workspaceId: string;
  from: number;
  to: number;
  channelId?: string;
  kind?: string;
}

/**
 * The conversations a report over [from, to) needs — those where a customer wrote in the period —
 * with their whole timelines: every message in or out (notes and activity never count), the
 * status changes and assignments from the event log, and the current tags.
 */
export async function loadTimelines(db: Kysely<DB>, q: TimelineQuery): Promise<ConversationTimeline[]> {
  const ids = await conversationsWritten(db, q);
  const out: ConversationTimeline[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await loadChunk(db, q.workspaceId, ids.slice(i, i + CHUNK))));
  return out;
}

/**
 * Conversations in which a customer wrote during [from, to) (by network time, with the skew
 * allowance), optionally only among `among` — ids of this workspace's conversations, at most a
 * few hundred (the rollups' stale ones).
 */
export async function conversationsWritten(db: Kysely<DB>, q: TimelineQuery & { among?: string[] }): Promise<string[]> {
  // Counted in the thread it was written in, even after a merge moved it (conversations/merge/).
  const thread = sql<string>`coalesce(messages.origin_conversation_id, messages.conversation_id)`;
  let candidates = db
    .selectFrom('messages')
    .innerJoin('conversations', (j) => j.on('conversations.id', '=', thread))
    .select(thread.as('conversation_id'))
    .distinct()
    .where('messages.direction', '=', 'in')
    .where('messages.network_ts', '>=', q.from)
    .where('messages.network_ts', '<', q.to + CLOCK_SKEW_MS);
  // Given ids (the workspace's own, already) are looked up by id alone: with "workspace_id =" too,
  // SQLite may walk the whole workspace's index instead (see loadChunk).
  const among = q.among;
  candidates = among
    ? candidates.where((eb) =>
        eb.or([
          eb.and([eb('messages.conversation_id', 'in', among), eb('messages.origin_conversation_id', 'is', null)]),
          eb('messages.origin_conversation_id', 'in', among),
        ]),
      )
    : candidates.where('messages.workspace_id', '=', q.workspaceId);
  if (q.channelId) candidates = candidates.where('conversations.channel_id', '=', q.channelId);
  if (q.kind) candidates = candidates.where('conversations.kind', '=', q.kind as never);
  return (await candidates.execute()).map((r) => r.conversation_id);
}

/** The whole timelines of the given conversations (also used by the SLA clocks, src/sla). */
export async function loadChunk(db: Kysely<DB>, workspaceId: string, ids: string[]): Promise<ConversationTimeline[]> {
  // By id alone, then checked: with "workspace_id =" in the query, SQLite walks the whole
  // workspace's index instead of looking the ids up (a million rows on a big workspace). The
  // other tables are read only for the conversations found here, i.e. this workspace's.
  const convs = (
    await db
      .selectFrom('conversations')
      .select(['id', 'channel_id', 'kind', 'assignee_id', 'team_id', 'workspace_id', 'merged_into_id'])
      .where('id', 'in', ids)
      .execute()
  ).filter((c) => c.workspace_id === workspaceId);
  const mine = convs.map((c) => c.id);
  if (mine.length === 0) return [];
  const tags = await db.selectFrom('conversation_tags').select(['conversation_id', 'tag']).where('conversation_id', 'in', mine).execute();
  // Each message counts in its own thread: after a merge, the conversation it was written in
  // (origin_conversation_id), so a merge neither moves nor doubles a first response (README
  // "Merging conversations"). Two indexed queries rather than one on an expression.
  const messageQuery = () =>
    db
      .selectFrom('messages')
      .select([
        'id',
        'conversation_id',
        'origin_conversation_id',
        'direction',
        'author_kind',
        'author_user_id',
        'delivery_status',
        'network_ts',
        'received_at',
        'sentiment',
        ...REMOVED_COLUMNS,
      ])
      .where('direction', 'in', ['in', 'out']);
  const messages = [
    ...(await messageQuery().where('conversation_id', 'in', mine).where('origin_conversation_id', 'is', null).execute()),
    ...(await messageQuery().where('origin_conversation_id', 'in', mine).execute()),
  ];
  const events = await db
    .selectFrom('events')
    .select(['id', 'conversation_id', 'type', 'data', 'created_at'])
    .where('conversation_id', 'in', mine)
    .where('type', 'in', [...TIMELINE_EVENT_TYPES])
    .execute();

  const byId = new Map<string, ConversationTimeline>();
  for (const c of convs) {
    byId.set(c.id, {
      id: c.id,
      channelId: c.channel_id,
      kind: c.kind,
      assigneeId: c.assignee_id,
      teamId: c.team_id,
      tags: [],
      messages: [],
      statusChanges: [],
      assignments: [],
    });
  }
  for (const t of tags) byId.get(t.conversation_id)?.tags.push(t.tag);
  for (const m of messages) {
    byId.get(m.origin_conversation_id ?? m.conversation_id)?.messages.push({
      id: m.id,
      direction: m.direction as 'in' | 'out',
      authorKind: m.author_kind,
      authorUserId: m.author_user_id,
      deliveryStatus: m.delivery_status,
      at: messageTime(m),
      arrival: m.received_at,
      sentiment: m.sentiment,
      ...(isRemoved(m) ? { removed: true } : {}),
    });
  }
  for (const e of events) {
    const tl = e.conversation_id ? byId.get(e.conversation_id) : undefined;
    if (!tl) continue;
    const d = JSON.parse(e.data) as Record<string, string | null>;
    const seq = Number(e.id);
    if (e.type === 'conversation.assigned') {
      tl.assignments.push({
        at: e.created_at,
        seq,
        assigneeId: d.assigneeId ?? null,
        teamId: d.teamId ?? null,
        previousAssigneeId: d.previousAssigneeId ?? null,
        previousTeamId: d.previousTeamId ?? null,
      });
    } else if (typeof d.from === 'string' && typeof d.to === 'string') {
      tl.statusChanges.push({ at: e.created_at, seq, from: d.from, to: d.to });
    }
  }
  const merged = convs.filter((c) => c.merged_into_id);
  if (merged.length) await inheritMergedHistory(db, byId, merged);
  for (const tl of byId.values()) tl.tags.sort();
  return [...byId.values()];
}
