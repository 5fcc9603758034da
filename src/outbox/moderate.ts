import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { App } from '../app.js';
import { MODERATION_ACTIONS, type ModerationAction, type ModerationResult } from '../channels/contract/moderation.js';
import { capabilitiesOf } from '../channels/registry.js';
import { appendEvent } from '../events/append.js';
import { defineJob } from '../jobs/define.js';
import { backoffMs, finishJob, retryJob } from '../jobs/queue.js';
import { log } from '../lib/log.js';
import { unindexMessage } from '../search/index-message.js';
import type { DB, JobTable, ModerationActionTable } from '../store/schema.js';

const moderatePayload = z.object({ actionId: z.string() });
export type ModerateJobPayload = z.output<typeof moderatePayload>;
/** Carries out one queued moderation action on the network (queued by outbox/queue-outbound.ts queueModeration). */
export const moderateJob = defineJob({ name: 'outbox.moderate', version: 1, payload: moderatePayload, handler: runModerateJob });

const isAction = (a: string): a is ModerationAction => (MODERATION_ACTIONS as readonly string[]).includes(a);

/**
 * Calls the channel's adapter for one moderation action, then records what the network said:
 * the message's new state and its event on success; a retry with backoff for rate limits and
 * temporary errors; the network's own words on the action (and `message.moderation_failed`) when
 * it refuses or keeps failing. Moderation is idempotent on the networks (hiding twice hides once),
 * so an attempt interrupted by a crash is simply made again.
 */
export async function runModerateJob(app: App, job: JobTable, { actionId }: ModerateJobPayload): Promise<void> {
  const db = app.store.db;
  const act = await db.selectFrom('moderation_actions').selectAll().where('id', '=', actionId).executeTakeFirst();
  if (!act) return finishJob(db, job.id, 'failed', app.now(), 'moderation action no longer exists');
  if (act.status !== 'queued') return finishJob(db, job.id, act.status === 'done' ? 'done' : 'failed', app.now(), act.error);
  const msg = await db.selectFrom('messages').selectAll().where('id', '=', act.message_id).executeTakeFirst();
  const ch = await app.channels.get(act.channel_id);
  const result: ModerationResult = await (async (): Promise<ModerationResult> => {
    if (!msg?.external_id) return { ok: false, permanent: true, error: 'the comment is no longer in Hearken' };
    if (!ch) return { ok: false, permanent: true, error: 'the channel no longer exists' };
    if (!isAction(act.action)) return { ok: false, permanent: true, error: `unknown moderation action "${act.action}"` };
    const caps = capabilitiesOf(ch.row.type, ch.settings).moderation;
    if (!ch.adapter.moderate || !caps?.actions.includes(act.action))
      return { ok: false, permanent: true, error: caps?.unavailable[act.action] ?? `${ch.adapter.displayName} does not allow this action` };
    const author = await db
      .selectFrom('conversations')
      .innerJoin('identities', 'identities.contact_id', 'conversations.contact_id')
      .select(['identities.external_id'])
      .where('conversations.id', '=', msg.conversation_id)
      .where('identities.network', '=', ch.adapter.network)
      .orderBy('identities.created_at')
      .executeTakeFirst();
    const conv = await db.selectFrom('conversations').select('public_item_id').where('id', '=', msg.conversation_id).executeTakeFirst();
    return ch.adapter
      .moderate({ timeoutMs: app.config.sendTimeoutMs, now: () => app.now(), outbound: app.outbound }, ch, act.action, {
        externalId: msg.external_id,
        authorExternalId: author?.external_id ?? null,
        publicItemId: conv?.public_item_id ?? null,
        idempotencyKey: act.id,
      })
      .catch((err: Error) => ({ ok: false as const, permanent: false, error: `moderation crashed: ${err.message}` }));
  })();
  const at = app.now();

  if (result.ok) {
    await db.transaction().execute(async (tx) => {
      await applyDone(tx, app, act, at);
      await finishJob(tx, job.id, 'done', at);
    });
  } else if (result.permanent || job.attempts >= app.config.sendMaxAttempts) {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('moderation_actions').set({ status: 'failed', error: result.error, updated_at: at }).where('id', '=', act.id).execute();
      await appendEvent(tx, {
        workspaceId: act.workspace_id,
        type: 'message.moderation_failed',
        conversationId: act.conversation_id,
        data: { messageId: act.message_id, actionId: act.id, action: isAction(act.action) ? act.action : 'hide', error: result.error, attempts: job.attempts },
        at,
      });
      await finishJob(tx, job.id, 'failed', at, result.error);
    });
  } else {
    const delay = Math.max(result.retryAfterMs ?? 0, backoffMs(job.attempts));
    log.warn('moderation failed, will retry', { actionId: act.id, attempts: job.attempts, delayMs: delay, error: result.error });
    await db.transaction().execute(async (tx) => {
      // Still "queued": the agent sees the last error beside "retrying".
      await tx.updateTable('moderation_actions').set({ error: result.error, updated_at: at }).where('id', '=', act.id).execute();
      await retryJob(tx, job.id, at + delay, at, result.error);
    });
  }
  app.bus.poke(act.workspace_id);
}

/** What the network did, recorded on the message (or the author's identity) with its event. */
async function applyDone(tx: Kysely<DB>, app: App, act: ModerationActionTable, at: number) {
  await tx.updateTable('moderation_actions').set({ status: 'done', error: null, updated_at: at }).where('id', '=', act.id).execute();
  const base = { workspaceId: act.workspace_id, conversationId: act.conversation_id, actorUserId: act.actor_user_id, at };
  const data = { messageId: act.message_id, actionId: act.id };
  const msg = tx.updateTable('messages').where('id', '=', act.message_id);
  if (act.action === 'hide') {
    await msg.set({ hidden_at: at }).execute();
    await appendEvent(tx, { ...base, type: 'message.hidden', data });
  } else if (act.action === 'unhide') {
    await msg.set({ hidden_at: null }).execute();
    await appendEvent(tx, { ...base, type: 'message.unhidden', data });
  } else if (act.action === 'like') {
    await msg.set({ liked_at: at }).execute();
    await appendEvent(tx, { ...base, type: 'message.liked', data });
  } else if (act.action === 'delete') {
    // As a deletion by the customer (intake/apply-update.ts): the text stays for the audit trail, leaves search.
    await msg.set({ deleted_at: at }).where('deleted_at', 'is', null).execute();
    await unindexMessage(tx, app.store.dialect, act.message_id);
    await appendEvent(tx, { ...base, type: 'message.deleted', data: { ...data, by: 'team' } });
  } else if (act.action === 'block') {
    const ch = await app.channels.get(act.channel_id, tx);
    const who = await tx
      .selectFrom('conversations')
      .innerJoin('identities', 'identities.contact_id', 'conversations.contact_id')
      .select(['identities.id', 'identities.contact_id'])
      .where('conversations.id', '=', act.conversation_id)
      .where('identities.network', '=', ch?.adapter.network ?? '')
      .orderBy('identities.created_at')
      .executeTakeFirst();
    if (who) {
      await tx.updateTable('identities').set({ blocked_at: at }).where('id', '=', who.id).execute();
      await appendEvent(tx, { ...base, type: 'contact.blocked', data: { ...data, contactId: who.contact_id, identityId: who.id } });
    }
  }
}
