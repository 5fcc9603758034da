import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import type { ModerationAction } from '../channels/contract/moderation.js';
import { adapterFor, capabilitiesOf } from '../channels/registry.js';
import { AppError, conflict, notFound } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { queueModeration, wakeSender } from '../outbox/queue-outbound.js';
import type { DB, MessageTable, ModerationActionTable } from '../store/schema.js';

export interface ModerateInput {
  workspaceId: string;
  conversationId: string;
  messageId: string;
  action: ModerationAction;
  actorUserId: string | null;
}

/**
 * An agent hides, unhides, deletes or likes a customer's public comment, or blocks its author:
 * checked here (a public customer message the network knows, an action its channel allows, a
 * change that makes sense now), then queued through the outbox door. The network is called by
 * the outbox's moderation job, never here; the answer says "queued".
 */
export async function moderateMessage(app: App, input: ModerateInput): Promise<ModerationActionTable> {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    const msg = await tx
      .selectFrom('messages')
      .selectAll()
      .where('workspace_id', '=', input.workspaceId)
      .where('conversation_id', '=', input.conversationId)
      .where('id', '=', input.messageId)
      .executeTakeFirst();
    if (!msg) throw notFound('message');
    await checkModeration(tx, msg, input.action);
    return queueModeration(tx, { message: msg, action: input.action, actorUserId: input.actorUserId, now });
  });
  wakeSender(app, input.workspaceId);
  return row;
}

/** Why this message cannot take this action now (AppError), or nothing when it can. Shared with bulk moderation. */
export async function checkModeration(tx: Kysely<DB>, msg: MessageTable, action: ModerationAction): Promise<void> {
  if (msg.direction !== 'in' || msg.visibility !== 'public' || !msg.external_id)
    throw new AppError('capability_unsupported', "only a customer's public comment or post can be moderated");
  const channel = await tx.selectFrom('channels').select(['type', 'settings']).where('id', '=', msg.channel_id).executeTakeFirstOrThrow();
  const caps = capabilitiesOf(channel.type, parseJson(channel.settings, {})).moderation;
  const name = caps?.networkName ?? adapterFor(channel.type).displayName;
  if (!caps?.actions.includes(action))
    throw new AppError('capability_unsupported', caps?.unavailable[action] ?? `${name} does not let Hearken ${action} comments on this channel`);
  if (msg.deleted_at !== null) throw conflict('this comment was deleted');
  if (action === 'hide' && msg.hidden_at) throw conflict(`this comment is already hidden on ${name}`);
  if (action === 'unhide' && !msg.hidden_at) throw conflict(`this comment is not hidden on ${name}`);
  if (action === 'like' && msg.liked_at) throw conflict(`this comment is already liked on ${name}`);
  const pending = await tx.selectFrom('moderation_actions').select('action').where('message_id', '=', msg.id).where('status', '=', 'queued').executeTakeFirst();
  if (pending) throw conflict(`a "${pending.action}" of this comment is still on its way to ${name}: wait for it`);
}
