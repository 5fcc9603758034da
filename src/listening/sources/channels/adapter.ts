import { z } from 'zod';
import type { SourceAdapter, SourcePost } from '../types.js';

export const channelsSettings = z.object({
  /** Only these channels of the workspace; empty = all of them. */
  channelIds: z.array(z.string().min(1)).max(100).optional(),
});
type Settings = z.infer<typeof channelsSettings>;

const BATCH = 500;
/** Messages are stamped before their transaction commits; re-reading a minute back catches a late commit (dedupe drops the rest). */
const OVERLAP_MS = 60_000;

/**
 * The public comments and mentions the workspace's own channels already received (stored
 * inbound public messages) fed to the matcher, so a brand query also finds what was said on the
 * brand's own pages. Such a mention already lives in a conversation: engaging it opens that one.
 */
export const channelsAdapter: SourceAdapter<Settings> = {
  kind: 'channels',
  settings: channelsSettings,
  secrets: [],
  defaultIntervalS: 60,
  storeUnmatched: true,
  minIntervalS: 10,
  async fetch({ settings, cursor, db, workspaceId }) {
    if (!db) return { ok: false, error: 'the channels source needs the database' };
    const after: number = typeof cursor?.createdAt === 'number' ? cursor.createdAt : 0;
    let q = db
      .selectFrom('messages')
      .innerJoin('channels', 'channels.id', 'messages.channel_id')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select([
        'messages.id',
        'messages.body',
        'messages.created_at',
        'messages.network_ts',
        'messages.language',
        'messages.conversation_id',
        'messages.channel_id',
        'channels.type',
        'contacts.name',
      ])
      .where('messages.workspace_id', '=', workspaceId)
      .where('messages.direction', '=', 'in')
      .where('messages.visibility', '=', 'public')
      .where('messages.deleted_at', 'is', null)
      .where('messages.created_at', '>=', cursor?.full ? after : Math.max(0, after - OVERLAP_MS));
    if (settings.channelIds?.length) q = q.where('messages.channel_id', 'in', settings.channelIds);
    const rows = await q.orderBy('messages.created_at').orderBy('messages.id').limit(BATCH).execute();
    const posts: SourcePost[] = rows.map((r) => ({
      itemId: r.id,
      author: r.name ?? undefined,
      authorName: r.name ?? undefined,
      text: r.body,
      lang: r.language ?? undefined,
      postedAt: r.network_ts ?? r.created_at,
      extra: { inboxConversationId: r.conversation_id, channelId: r.channel_id, channelType: r.type },
    }));
    const newest = rows.reduce((m, r) => Math.max(m, r.created_at), after);
    // A full batch: the next poll starts at its last time without looking back, or it would re-read the same batch.
    return { ok: true, posts, cursor: { createdAt: newest, full: rows.length === BATCH || undefined } };
  },
};
