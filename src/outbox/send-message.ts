import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { z } from 'zod';
import { capabilitiesOf } from '../channels/registry.js';
import { appendEvent } from '../events/append.js';
import { applyPendingUpdates } from '../intake/apply-update.js';
import { unindexMessage } from '../search/index-message.js';
import { backoffMs, finishJob, retryJob } from '../jobs/queue.js';
import type { JobTable } from '../store/schema.js';
import type { SendResult } from '../channels/contract/send.js';
import { outboundFiles } from './outbound-files.js';
import { log } from '../lib/log.js';

const sendPayload = z.object({ messageId: z.string() });
export type SendJobPayload = z.output<typeof sendPayload>;
/** Delivers one queued reply (the outbox). */
export const sendJob = defineJob({ name: 'outbox.send', version: 1, payload: sendPayload, handler: runSendJob });

const NEEDS_HUMAN_TEXT =
  'Hearken stopped while this reply was being sent and this network gives no way to check whether it was posted. Look at the conversation on the network, then retry or discard.';

/**
 * Delivers one queued reply. The message is marked "sending" (committed) before the network is
 * called, so after a crash the next attempt knows the outcome is unknown: it retries only when
 * the channel can deduplicate (idempotency key), else hands the message to a human instead of
 * risking a second public post. A message already sent is never sent again.
 */
export async function runSendJob(app: App, job: JobTable, { messageId }: SendJobPayload): Promise<void> {
  const db = app.store.db;
  const now = app.now();
  const msg = await db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!msg) return finishJob(db, job.id, 'failed', now, 'message no longer exists');
  if (['sent', 'delivered', 'read'].includes(msg.delivery_status)) return finishJob(db, job.id, 'done', now);
  if (msg.delivery_status === 'failed' || msg.delivery_status === 'needs_human')
    return finishJob(db, job.id, msg.delivery_status === 'failed' ? 'failed' : 'needs_human', now, msg.delivery_error);

  const [ch, conv] = await Promise.all([
    app.channels.get(msg.channel_id),
    // The network thread it answers: after a merge, the thread it came from (conversations/merge/).
    db
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', msg.origin_conversation_id ?? msg.conversation_id)
      .executeTakeFirstOrThrow(),
  ]);
  // Conversations reference their channel, so this is a broken database: thrown, as a missing row was.
  if (!ch) throw new Error(`channel ${msg.channel_id} not found`);
  const chRow = ch.row;
  const caps = capabilitiesOf(chRow.type, ch.settings);
  const previousAttemptUnknown = msg.delivery_status === 'sending';
  if (previousAttemptUnknown && !caps.safeRetry) return markNeedsHuman(app, job, msg.id, msg.workspace_id, msg.conversation_id, NEEDS_HUMAN_TEXT);

  const identity = await db
    .selectFrom('identities')
    .select(['external_id', 'handle'])
    .where('contact_id', '=', conv.contact_id)
    .where('workspace_id', '=', conv.workspace_id)
    .orderBy('created_at')
    .executeTakeFirst();
  await db.updateTable('messages').set({ delivery_status: 'sending' }).where('id', '=', msg.id).execute();

  const sender = app.senders.get(chRow.type) ?? ch.adapter.sender;
  const files = await outboundFiles(app.config, msg.attachments);
  const result: SendResult =
    'error' in files
      ? { ok: false, permanent: true, error: files.error }
      : await sender
          .send({
            channel: chRow,
            secrets: ch.secrets,
            settings: ch.settings,
            conversation: conv,
            message: msg,
            recipient: { externalId: identity?.external_id ?? '', handle: identity?.handle ?? null },
            idempotencyKey: msg.id,
            previousAttemptUnknown,
            timeoutMs: app.config.sendTimeoutMs,
            files,
            outbound: app.outbound,
          })
          .catch((err: Error) => ({ ok: false as const, permanent: false, error: `sender crashed: ${err.message}`, outcomeUnknown: true }));
  const at = app.now();

  if (result.ok) {
    await db.transaction().execute(async (tx) => {
      if (result.externalId) {
        // The network's echo of this very send may have been processed first and recorded as a reply
        // "from outside Hearken": it is ours, so it gives way (one message, with its author known).
        const echo = await tx
          .selectFrom('messages')
          .select(['id', 'author_kind'])
          .where('channel_id', '=', msg.channel_id)
          .where('external_id', '=', result.externalId)
          .where('id', '!=', msg.id)
          .executeTakeFirst();
        if (echo?.author_kind === 'outside') {
          await unindexMessage(tx, app.store.dialect, echo.id);
          await tx.deleteFrom('messages').where('id', '=', echo.id).execute();
        }
      }
      await tx
        .updateTable('messages')
        .set({ delivery_status: 'sent', delivery_error: null, external_id: result.externalId ?? msg.external_id })
        .where('id', '=', msg.id)
        .execute();
      await appendEvent(tx, {
        workspaceId: msg.workspace_id,
        type: 'message.sent',
        conversationId: msg.conversation_id,
        data: { messageId: msg.id, externalId: result.externalId },
        at,
      });
      await finishJob(tx, job.id, 'done', at);
      // A receipt may have beaten us to it (network webhooks are fast): apply it now.
      if (result.externalId)
        await applyPendingUpdates(
          { db: tx, dialect: app.store.dialect, workspaceId: msg.workspace_id, channelId: msg.channel_id, network: ch.adapter.network, now: at },
          result.externalId,
        );
    });
  } else if (result.outcomeUnknown && !caps.safeRetry) {
    await markNeedsHuman(app, job, msg.id, msg.workspace_id, msg.conversation_id, `${result.error}. ${NEEDS_HUMAN_TEXT}`);
  } else if (result.permanent || job.attempts >= app.config.sendMaxAttempts) {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('messages').set({ delivery_status: 'failed', delivery_error: result.error }).where('id', '=', msg.id).execute();
      await appendEvent(tx, {
        workspaceId: msg.workspace_id,
        type: 'message.failed',
        conversationId: msg.conversation_id,
        data: { messageId: msg.id, error: result.error, attempts: job.attempts },
        at,
      });
      await finishJob(tx, job.id, 'failed', at, result.error);
    });
  } else {
    const delay = Math.max(result.retryAfterMs ?? 0, backoffMs(job.attempts));
    log.warn('send failed, will retry', { messageId: msg.id, attempts: job.attempts, delayMs: delay, error: result.error });
    // "queued" when this attempt surely did not arrive; "sending" keeps the next attempt aware that it may have.
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('messages')
        .set({ delivery_status: result.outcomeUnknown ? 'sending' : 'queued', delivery_error: result.error })
        .where('id', '=', msg.id)
        .execute();
      await retryJob(tx, job.id, at + delay, at, result.error);
    });
  }
  app.bus.poke(msg.workspace_id);
}

async function markNeedsHuman(app: App, job: JobTable, messageId: string, workspaceId: string, conversationId: string, error: string) {
  const at = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    await tx.updateTable('messages').set({ delivery_status: 'needs_human', delivery_error: error }).where('id', '=', messageId).execute();
    await appendEvent(tx, { workspaceId, type: 'message.needs_human', conversationId, data: { messageId, error }, at });
    await finishJob(tx, job.id, 'needs_human', at, error);
  });
  app.bus.poke(workspaceId);
}
