import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { ConversationTimeline } from './timeline.js';

const MAX_DEPTH = 20;
const STATUS_TYPES = ['conversation.status_changed', 'conversation.reopened'];
const INHERITED_TYPES = [...STATUS_TYPES, 'conversation.assigned'];

interface MergeEvent {
  id: number;
  at: number;
  sourceStatus: string;
  status: string;
  assigneeId: string | null;
  teamId: string | null;
}

/**
 * The metric rule for a merged conversation's own thread (README "Merging conversations"): its
 * messages still count in it (load-timelines.ts reads them by origin), and after the merge it has
 * no status of its own — it shares the merged conversation's. So its timeline gains, from the
 * merge on, the status changes and assignments of the conversation it went into (and of the one
 * that went into, after a later merge), as changes of ITS status: the merge itself is one when
 * the result's status differs from the source's, a change to a status it already has is none.
 * Everything before the merge is untouched: facts of resolved cycles stay exactly as they were.
 */
export async function inheritMergedHistory(
  db: Kysely<DB>,
  byId: Map<string, ConversationTimeline>,
  merged: ReadonlyArray<{ id: string; merged_into_id?: string | null; assignee_id: string | null; team_id: string | null }>,
): Promise<void> {
  for (const s of merged) {
    const tl = byId.get(s.id);
    if (!tl || !s.merged_into_id) continue;
    let state: string | null = null;
    let cur = s.id;
    let into: string | null = s.merged_into_id;
    let ev = await mergeEvent(db, into, cur);
    for (let depth = 0; into && ev && depth < MAX_DEPTH; depth++) {
      if (cur === s.id) {
        state = ev.sourceStatus;
        // Who had the thread before the merge stays its assignee for the time before it.
        tl.assignments.push({
          at: ev.at,
          seq: ev.id,
          assigneeId: ev.assigneeId,
          teamId: ev.teamId,
          previousAssigneeId: s.assignee_id,
          previousTeamId: s.team_id,
        });
      } else tl.assignments.push({ at: ev.at, seq: ev.id, assigneeId: ev.assigneeId, teamId: ev.teamId, previousAssigneeId: null, previousTeamId: null });
      if (state !== ev.status) {
        tl.statusChanges.push({ at: ev.at, seq: ev.id, from: state ?? ev.sourceStatus, to: ev.status });
        state = ev.status;
      }
      const row = await db.selectFrom('conversations').select('merged_into_id').where('id', '=', into).executeTakeFirst();
      const onward: MergeEvent | null = row?.merged_into_id ? await mergeEvent(db, row.merged_into_id, into) : null;
      let q = db
        .selectFrom('events')
        .select(['id', 'type', 'data', 'created_at'])
        .where('conversation_id', '=', into)
        .where('type', 'in', INHERITED_TYPES)
        .where('id', '>', ev.id)
        .orderBy('id');
      if (onward) q = q.where('id', '<', onward.id);
      for (const e of await q.execute()) {
        const d = JSON.parse(e.data) as Record<string, string | null>;
        const seq = Number(e.id);
        if (e.type === 'conversation.assigned')
          tl.assignments.push({
            at: e.created_at,
            seq,
            assigneeId: d.assigneeId ?? null,
            teamId: d.teamId ?? null,
            previousAssigneeId: d.previousAssigneeId ?? null,
            previousTeamId: d.previousTeamId ?? null,
          });
        else if (typeof d.to === 'string' && d.to !== state) {
          tl.statusChanges.push({ at: e.created_at, seq, from: state ?? String(d.from), to: d.to });
          state = d.to;
        }
      }
      cur = into;
      into = row?.merged_into_id ?? null;
      ev = onward;
    }
  }
}

/** The latest `conversation.merged` event that put `sourceId` into `targetId`. */
async function mergeEvent(db: Kysely<DB>, targetId: string, sourceId: string): Promise<MergeEvent | null> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'data', 'created_at'])
    .where('conversation_id', '=', targetId)
    .where('type', '=', 'conversation.merged')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) {
    const d = JSON.parse(r.data) as Record<string, string | null>;
    if (d.sourceId !== sourceId) continue;
    return {
      id: Number(r.id),
      at: r.created_at,
      sourceStatus: String(d.sourceStatus),
      status: String(d.status),
      assigneeId: d.assigneeId ?? null,
      teamId: d.teamId ?? null,
    };
  }
  return null;
}
