import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { z } from 'zod';
import { unsealChannel } from '../channels/load-channel.js';
import { allAdapters } from '../channels/registry.js';
import { backoffMs, finishJob, retryJob } from '../jobs/queue.js';
import { parseJson } from '../lib/json.js';
import type { JobTable } from '../store/schema.js';
import type { PostFetch, PostSnapshot } from '../channels/contract/post.js';
import { snapshotColumns } from './post-context.js';

const fetchPostPayload = z.object({ channelId: z.string(), itemId: z.string(), conversationId: z.string() });
export type FetchPostPayload = z.output<typeof fetchPostPayload>;
/** Looks up the post a comment, mention or review lives under, once. */
export const fetchPostJob = defineJob({ name: 'post-context.fetch', version: 1, payload: fetchPostPayload, handler: runFetchPostJob });

/** Transient refusals (rate limits, the network down) are retried this many times before the row says why it gave up. */
const MAX_ATTEMPTS = 5;

/**
 * Fills a pending post context: first from a message we already hold under that id (a visitor's
 * post on a Page, the tweet a thread started with), else by asking the channel's network once.
 * Idempotent: a row that is no longer pending ends the job.
 */
export async function runFetchPostJob(app: App, job: JobTable, p: FetchPostPayload): Promise<void> {
  const db = app.store.db;
  const row = await db.selectFrom('post_contexts').selectAll().where('channel_id', '=', p.channelId).where('item_id', '=', p.itemId).executeTakeFirst();
  if (!row || row.status !== 'pending') return finishJob(db, job.id, 'done', app.now());

  const own = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select(['messages.body', 'messages.network_ts', 'messages.attachments', 'messages.direction', 'contacts.name'])
    .where('messages.channel_id', '=', p.channelId)
    .where('messages.external_id', '=', p.itemId)
    .where('messages.workspace_id', '=', row.workspace_id)
    .executeTakeFirst();
  if (own) {
    const image = parseJson<Array<{ type?: string; url?: string }>>(own.attachments, []).find((a) => a.type === 'image');
    return save(
      app,
      job,
      p,
      { text: own.body, authorName: own.direction === 'in' ? own.name : null, postedAt: own.network_ts, mediaUrl: image?.url },
      'thread',
    );
  }

  const chRow = await db.selectFrom('channels').selectAll().where('id', '=', p.channelId).where('workspace_id', '=', row.workspace_id).executeTakeFirst();
  const adapter = chRow ? allAdapters().find((a) => a.type === chRow.type) : undefined;
  if (!chRow || !adapter?.fetchPost)
    return unavailable(app, job, p, 'this channel cannot look up posts: its deliveries must carry the item (API channel: conversation.item)');
  const ch = unsealChannel(chRow, app.config);
  const r: PostFetch = await adapter.fetchPost({ timeoutMs: app.config.sendTimeoutMs, now: () => app.now(), outbound: app.outbound }, ch, p.itemId);
  if (r.ok) return save(app, job, p, r.snapshot, 'network');
  if (!r.permanent && job.attempts < MAX_ATTEMPTS) return retryJob(db, job.id, app.now() + (r.retryAfterMs ?? backoffMs(job.attempts)), app.now(), r.error);
  return unavailable(app, job, p, r.error);
}

async function save(app: App, job: JobTable, p: FetchPostPayload, s: PostSnapshot, source: 'thread' | 'network') {
  const now = app.now();
  await app.store.db
    .updateTable('post_contexts')
    .set({ ...snapshotColumns(s), status: 'ready', source, error: null, updated_at: now })
    .where('channel_id', '=', p.channelId)
    .where('item_id', '=', p.itemId)
    .where('status', '=', 'pending')
    .execute();
  await finishJob(app.store.db, job.id, 'done', now);
}

async function unavailable(app: App, job: JobTable, p: FetchPostPayload, error: string) {
  const now = app.now();
  await app.store.db
    .updateTable('post_contexts')
    .set({ status: 'unavailable', error: error.slice(0, 2000), updated_at: now })
    .where('channel_id', '=', p.channelId)
    .where('item_id', '=', p.itemId)
    .where('status', '=', 'pending')
    .execute();
  await finishJob(app.store.db, job.id, 'done', now);
}
