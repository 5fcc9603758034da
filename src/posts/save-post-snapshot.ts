import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { PostSnapshot } from '../channels/contract/post.js';
import { snapshotColumns } from './post-context.js';

/**
 * Stores what a delivery said about its public item (the API channel's `conversation.item`).
 * Runs inside intake's transaction: one upsert, no network call; the newest delivery wins, since
 * a post's text may have been edited.
 */
export async function savePostSnapshot(
  db: Kysely<DB>,
  o: { workspaceId: string; channelId: string; itemId: string; snapshot: PostSnapshot; now: number },
): Promise<void> {
  const cols = { ...snapshotColumns(o.snapshot), status: 'ready' as const, source: 'webhook' as const, error: null, updated_at: o.now };
  await db
    .insertInto('post_contexts')
    .values({ channel_id: o.channelId, item_id: o.itemId, workspace_id: o.workspaceId, created_at: o.now, ...cols })
    .onConflict((oc) => oc.columns(['channel_id', 'item_id']).doUpdateSet(cols))
    .execute();
}
