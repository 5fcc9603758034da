import { sql } from 'kysely';
import type { App } from '../app.js';
import { priorityRank, type PriorityName } from '../lib/priority.js';
import { conversationIdsMatchingAll } from '../search/conversation-matches.js';
import { inFolder } from './out-of-queue.js';
import { TROLL_LEANING } from '../enrich/troll.js';
import type { ConversationKind, ConversationStatus, Visibility } from '../store/schema.js';

/**
 * What the queue filters on. Different fields combine with AND; several values in one field
 * match any of them (OR), the way a multi-select filter chip reads.
 */
export interface QueueFilter {
  workspaceId: string;
  userId: string;
  status?: ConversationStatus[];
  /** user ids, "me" or "none" */
  assignee?: string[];
  /** team ids or "none" */
  team?: string[];
  channelId?: string[];
  kind?: ConversationKind[];
  visibility?: Visibility;
  tag?: string[];
  /** At least this priority (urgent first: the stored rank grows with urgency, lib/priority.ts). */
  minPriority?: PriorityName;
  contactId?: string;
  language?: string[];
  sentiment?: string[];
  intent?: string[];
  /** true: the customer's latest message needs a reply and is still unanswered; false: the others. */
  needsReply?: boolean;
  /** Likely trolls (troll score ≥ TROLL_LEANING): leave them out, or only them. */
  troll?: 'hide' | 'only';
  q?: string;
  /** Spam and removed conversations are out of the queue; these folders list them (out-of-queue.ts). */
  folder?: 'spam' | 'removed';
}

/** One field that may name real ids and the word "none" (no value): ids IN (…) OR column IS NULL. */
function idsOrNone(values: string[], map: (v: string) => string = (v) => v) {
  return { ids: values.filter((v) => v !== 'none').map(map), none: values.includes('none') };
}

/**
 * The workspace's conversations narrowed by the filter, as a query to sort, page or count; null
 * when a full-text search matched nothing (so the caller answers empty without a query).
 */
export async function filterConversations(app: App, f: QueueFilter) {
  let q = app.store.db.selectFrom('conversations').selectAll().where('workspace_id', '=', f.workspaceId);
  q = q.where((eb) => inFolder(eb, f.folder));
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.assignee?.length) {
    const a = idsOrNone(f.assignee, (v) => (v === 'me' ? f.userId : v));
    q = q.where((eb) => eb.or([...(a.ids.length ? [eb('assignee_id', 'in', a.ids)] : []), ...(a.none ? [eb('assignee_id', 'is', null)] : [])]));
  }
  if (f.team?.length) {
    const tm = idsOrNone(f.team);
    q = q.where((eb) => eb.or([...(tm.ids.length ? [eb('team_id', 'in', tm.ids)] : []), ...(tm.none ? [eb('team_id', 'is', null)] : [])]));
  }
  if (f.channelId?.length) q = q.where('channel_id', 'in', f.channelId);
  if (f.kind?.length) q = q.where('kind', 'in', f.kind);
  if (f.visibility) q = q.where('visibility', '=', f.visibility);
  if (f.minPriority !== undefined) q = q.where('priority', '>=', priorityRank(f.minPriority));
  if (f.contactId) q = q.where('contact_id', '=', f.contactId);
  if (f.language?.length) q = q.where('language', 'in', f.language);
  if (f.sentiment?.length) q = q.where('sentiment', 'in', f.sentiment);
  if (f.intent?.length) q = q.where('intent', 'in', f.intent);
  if (f.needsReply === true) q = q.where('needs_reply', '=', 1).where('waiting_since', 'is not', null);
  if (f.needsReply === false) q = q.where((eb) => eb.or([eb('needs_reply', '=', 0), eb('waiting_since', 'is', null)]));
  if (f.troll === 'only') q = q.where('troll_score', '>=', TROLL_LEANING);
  // Not analysed yet (null) is not a troll.
  if (f.troll === 'hide') q = q.where((eb) => eb.or([eb('troll_score', 'is', null), eb('troll_score', '<', TROLL_LEANING)]));
  if (f.tag?.length) {
    const tags = f.tag;
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('conversation_tags').select('conversation_id').where('workspace_id', '=', f.workspaceId).where('tag', 'in', tags),
    );
  }
  if (f.q) {
    const ids = await conversationIdsMatchingAll(app.store, f.workspaceId, f.q, 1000);
    if (!ids.length) return null;
    q = q.where('id', 'in', ids);
  }
  return q;
}

/** How many conversations the filter matches (a saved view's count in the sidebar). */
export async function countConversations(app: App, f: QueueFilter): Promise<number> {
  const q = await filterConversations(app, f);
  if (!q) return 0;
  const r = await q.clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}
