import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { z } from 'zod';
import { appendEvent } from '../events/append.js';
import { backoffMs, enqueueJob, finishJob, retryJob } from '../jobs/queue.js';
import { parseJson } from '../lib/json.js';
import type { DB, JobTable } from '../store/schema.js';
import type { MediaContext } from '../channels/contract/context.js';
import { unsealChannel, type LoadedChannel } from '../channels/load-channel.js';
import { mediaHostsOf } from './allowed-hosts.js';
import { fetchByRef, mediaRefOf } from './fetch-by-id.js';
import { fetchMedia } from './fetch-media.js';
import { mediaStoreFor } from './storage.js';

const mediaFetchPayload = z.object({ messageId: z.string(), network: z.string() });
export type MediaFetchPayload = z.output<typeof mediaFetchPayload>;
export const mediaFetchJob = defineJob({ name: 'media.fetch', version: 1, payload: mediaFetchPayload, handler: runMediaFetchJob });

/** An attachment as kept on the message; stored/size/contentType or error are added by this job. */
export interface StoredAttachment {
  type?: string;
  url?: string;
  name?: string;
  stored?: string;
  size?: number;
  contentType?: string;
  error?: string;
}

/** Transient failures (CDN down, timeouts) are retried this many times; then the attachment says why. */
const MAX_ATTEMPTS = 5;

// An http(s) URL, or a reference a network's media are fetched by (its adapter's mediaRef; src/media/fetch-by-id.ts).
const fetchable = (a: StoredAttachment, network: string) => !a.stored && !a.error && ((!!a.url && /^https?:\/\//i.test(a.url)) || !!mediaRefOf(a, network));

/**
 * Called by intake for each stored inbound message, inside the delivery's transaction. Enqueues
 * only when the network has media hosts and the message carries http(s) URLs or media ids
 * (for networks whose adapter fetches media by id): most messages cost nothing here.
 */
export async function enqueueMediaFetch(
  db: Kysely<DB>,
  m: { messageId: string; workspaceId: string; network: string; attachments: StoredAttachment[]; now: number },
): Promise<void> {
  if (!m.attachments.length || !mediaHostsOf(m.network) || !m.attachments.some((a) => fetchable(a, m.network))) return;
  const payload: MediaFetchPayload = { messageId: m.messageId, network: m.network };
  await enqueueJob(db, mediaFetchJob, { payload, workspaceId: m.workspaceId, runAt: m.now, now: m.now });
}

/**
 * Fetches a message's attachment URLs from the network's own hosts into the media store and
 * records the outcome on each attachment. Idempotent: attachments already stored or refused are
 * skipped, so a rerun after a crash only does what is left.
 */
export async function runMediaFetchJob(app: App, job: JobTable, p: MediaFetchPayload): Promise<void> {
  const db = app.store.db;
  const row = await db
    .selectFrom('messages')
    .select(['id', 'attachments', 'conversation_id', 'channel_id'])
    .where('id', '=', p.messageId)
    .where('workspace_id', '=', job.workspace_id ?? '')
    .executeTakeFirst();
  if (!row) return finishJob(db, job.id, 'done', app.now());

  const atts = parseJson<StoredAttachment[]>(row.attachments, []);
  const store = mediaStoreFor(app.config);
  let retry: string | null = null;
  let changed = false;
  // One time budget for the whole job, so it ends inside its lease however many attachments it
  // has; what the budget did not reach is a transient failure, done on the next attempt.
  const signal = AbortSignal.timeout(app.config.media.timeoutMs);
  const deadline = Date.now() + app.config.media.timeoutMs;
  const ctx: MediaContext = {
    maxBytes: app.config.media.maxBytes,
    timeoutMs: app.config.media.timeoutMs,
    signal,
    deadline,
    now: () => app.now(),
    download: (url, network, o) => fetchMedia(url, network, { ...o, outbound: app.outbound }),
    outbound: app.outbound,
  };
  // The receiving channel's credentials, loaded once and only for media sent by id.
  let channel: Promise<LoadedChannel | undefined> | undefined;
  const channelOf = () =>
    (channel ??= db
      .selectFrom('channels')
      .selectAll()
      .where('id', '=', row.channel_id)
      .where('workspace_id', '=', job.workspace_id ?? '')
      .executeTakeFirst()
      .then((c) => (c ? unsealChannel(c, app.config) : undefined)));
  for (const [i, a] of atts.entries()) {
    if (!fetchable(a, p.network)) continue;
    const ref = mediaRefOf(a, p.network);
    const r = ref
      ? await fetchByRef(ref, await channelOf(), ctx)
      : await fetchMedia(a.url!, p.network, { ...app.config.media, signal, outbound: app.outbound });
    if (r.ok) {
      const key = await store.put(r.bytes, r.contentType);
      atts[i] = { ...a, stored: key, size: r.bytes.byteLength, contentType: r.contentType };
      changed = true;
    } else if (r.final || job.attempts >= MAX_ATTEMPTS) {
      atts[i] = { ...a, error: r.final ? r.error : `not stored: gave up after ${job.attempts} attempts: ${r.error}` };
      changed = true;
    } else retry ??= r.error;
  }
  const now = app.now();
  if (changed) {
    const workspaceId = job.workspace_id!;
    // The event tells open threads (realtime) to reload and show the stored copies.
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('messages')
        .set({ attachments: JSON.stringify(atts) })
        .where('id', '=', row.id)
        .execute();
      await appendEvent(tx, {
        workspaceId,
        type: 'message.media_updated',
        conversationId: row.conversation_id,
        data: { messageId: row.id, stored: atts.filter((a) => a.stored).length, refused: atts.filter((a) => a.error).length },
        at: now,
      });
    });
    app.bus.poke(workspaceId);
  }
  if (retry) return retryJob(db, job.id, now + backoffMs(job.attempts), now, retry);
  await finishJob(db, job.id, 'done', now);
}
