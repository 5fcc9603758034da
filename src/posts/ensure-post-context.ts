import type { App } from '../app.js';
import { enqueueJob } from '../jobs/queue.js';
import type { ConversationTable } from '../store/schema.js';
import { fetchPostJob, type FetchPostPayload } from './fetch-post-job.js';
import { KINDS_WITH_POST, presentPostContext, type PostContext } from './post-context.js';

/**
 * The original post of a comment or mention conversation, for the conversation API. When nothing
 * is known yet, a `pending` row and one fetch job are created together (the primary key makes a
 * second opener a no-op), so the network is asked once per item, only for items an agent opens,
 * and never on intake's path. The job fills the row; clients re-read while it is `pending`.
 */
export async function ensurePostContext(app: App, conv: ConversationTable): Promise<PostContext | null> {
  if (!conv.public_item_id || !KINDS_WITH_POST.has(conv.kind)) return null;
  const db = app.store.db;
  const itemId = conv.public_item_id;
  const row = await db
    .selectFrom('post_contexts')
    .selectAll()
    .where('channel_id', '=', conv.channel_id)
    .where('item_id', '=', itemId)
    .where('workspace_id', '=', conv.workspace_id)
    .executeTakeFirst();
  if (row) return presentPostContext(row);
  const now = app.now();
  const fresh = {
    channel_id: conv.channel_id,
    item_id: itemId,
    workspace_id: conv.workspace_id,
    status: 'pending' as const,
    source: null,
    text: null,
    author_name: null,
    author_handle: null,
    permalink: null,
    posted_at: null,
    media_url: null,
    error: null,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto('post_contexts')
      .values(fresh)
      .onConflict((oc) => oc.columns(['channel_id', 'item_id']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return; // another opener got there first
    const payload: FetchPostPayload = { channelId: conv.channel_id, itemId, conversationId: conv.id };
    await enqueueJob(tx, fetchPostJob, { payload, workspaceId: conv.workspace_id, runAt: now, now });
  });
  app.bus.poke('__jobs__');
  const after = await db.selectFrom('post_contexts').selectAll().where('channel_id', '=', conv.channel_id).where('item_id', '=', itemId).executeTakeFirst();
  return after ? presentPostContext(after) : presentPostContext(fresh);
}
