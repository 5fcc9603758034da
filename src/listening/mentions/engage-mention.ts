import type { App } from '../../app.js';
import { adapterFor, capabilitiesOf } from '../../channels/registry.js';
import { appendEvent } from '../../events/append.js';
import { applyMessage } from '../../intake/apply-message.js';
import type { InboundMessage } from '../../channels/contract/inbound.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { parseJson } from '../../lib/json.js';
import { decorateMentions } from './list-mentions.js';

/**
 * Engage: the mention becomes (or joins) a conversation of kind `mention` on a channel the agent
 * chose, so it is worked in the inbox like any other, and replies leave through that channel's
 * outbox where the channel can answer in public. The post goes through the same intake step as
 * network traffic (contact, threading, dedupe by external id), keyed by source and source id
 * (on the post's own network, by the post's id itself):
 * engaging twice, or two mentions under the same item, land in the same conversation.
 * A mention that came from one of the workspace's own channels already has its conversation.
 */
export async function engageMention(app: App, input: { workspaceId: string; actorUserId: string; id: string; channelId?: string }) {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    const m = await tx.selectFrom('mentions').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
    if (!m) throw notFound('mention');
    const post = await tx.selectFrom('listening_posts').selectAll().where('id', '=', m.post_id).executeTakeFirstOrThrow();
    const extra = parseJson<{ inboxConversationId?: string }>(post.extra, {});
    let conversationId = m.conversation_id ?? extra.inboxConversationId ?? null;
    if (!conversationId) {
      if (!input.channelId) throw invalid('channelId', 'choose the channel the conversation should live on');
      const ch = await tx
        .selectFrom('channels')
        .select(['id', 'type', 'settings', 'status'])
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', input.channelId)
        .executeTakeFirst();
      if (!ch) throw notFound('channel');
      if (ch.status !== 'active') throw invalid('channelId', 'the channel is disabled');
      const caps = capabilitiesOf(ch.type, parseJson(ch.settings, {}));
      if (!caps.kinds.includes('mention'))
        throw new AppError('capability_unsupported', `a ${ch.type} channel has no mention conversations`, [
          { field: 'channelId', reason: 'this channel cannot hold mentions' },
        ]);
      // On the post's own network (an X post engaged on an X channel) the post's id is the
      // network's message id: the reply threads under it, and the same post arriving later
      // through the channel's own intake is the same message (dedupe), not a second one.
      const sameNetwork = adapterFor(ch.type).network === post.source_kind;
      const externalId = sameNetwork ? post.source_item_id : `listening:${post.source_kind}:${post.source_item_id}`;
      const msg: InboundMessage = {
        type: 'message',
        externalId,
        kind: 'mention',
        visibility: 'public',
        publicItemId: post.source_item_id,
        from: {
          externalId: (sameNetwork ? parseJson<{ authorId?: string }>(post.extra, {}).authorId : undefined) ?? post.author ?? `unknown:${post.source_item_id}`,
          name: post.author_name ?? post.author ?? undefined,
          handle: post.author ?? undefined,
        },
        text: post.url ? `${post.text}\n\n${post.url}` : post.text,
        attachments: [],
        networkTs: post.posted_at,
        direction: 'in',
        authorKind: 'customer',
      };
      await applyMessage({ db: tx, dialect: app.store.dialect, workspaceId: input.workspaceId, channelId: ch.id, network: post.source_kind, now }, msg);
      const stored = await tx
        .selectFrom('messages')
        .select('conversation_id')
        .where('channel_id', '=', ch.id)
        .where('external_id', '=', externalId)
        .executeTakeFirstOrThrow();
      conversationId = stored.conversation_id;
    }
    await tx
      .updateTable('mentions')
      .set({ status: 'engaged', conversation_id: conversationId, acted_by: input.actorUserId, acted_at: now })
      .where('id', '=', m.id)
      .execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'mention.engaged',
      conversationId,
      actorUserId: input.actorUserId,
      data: { mentionId: m.id, from: m.status },
      at: now,
    });
    return { ...m, status: 'engaged' as const, conversation_id: conversationId, acted_by: input.actorUserId, acted_at: now };
  });
  app.bus.poke(input.workspaceId);
  app.bus.poke('__enrich__');
  return (await decorateMentions(app.store.db, [row]))[0]!;
}
