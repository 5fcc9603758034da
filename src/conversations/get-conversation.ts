import type { App } from '../app.js';
import { capabilitiesOf } from '../channels/registry.js';
import { parseJson } from '../lib/json.js';
import { ensurePostContext } from '../posts/ensure-post-context.js';
import { loadConversation } from './load-conversation.js';
import { presentConversation, presentMessage } from './present.js';
import { latestModeration } from './present-moderation.js';
import { conversationSurveys } from '../surveys/list-surveys.js';
import { customerText } from '../lib/customer-texts/index.js';
import { replyLanguage } from './reply-language.js';

/**
 * One conversation as an agent opens it: the thread (oldest first, up to `limit` most recent,
 * older pages with `before`), the contact and identities, tags, the channel's capabilities
 * (what the composer may offer) and the linked public/private conversation.
 */
export async function getConversation(app: App, input: { workspaceId: string; conversationId: string; limit: number; before?: string }) {
  const db = app.store.db;
  const conv = await loadConversation(db, input.workspaceId, input.conversationId, { merged: 'allow' });
  let mq = db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conv.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1);
  if (input.before) mq = mq.where('id', '<', input.before);
  const [msgs, contact, identities, tags, channel, linked, postContext, lang] = await Promise.all([
    mq.execute(),
    db.selectFrom('contacts').selectAll().where('id', '=', conv.contact_id).executeTakeFirstOrThrow(),
    db.selectFrom('identities').select(['network', 'external_id', 'handle', 'blocked_at']).where('contact_id', '=', conv.contact_id).execute(),
    db.selectFrom('conversation_tags').select('tag').where('conversation_id', '=', conv.id).execute(),
    db.selectFrom('channels').select(['id', 'name', 'type', 'status', 'settings']).where('id', '=', conv.channel_id).executeTakeFirstOrThrow(),
    conv.linked_conversation_id
      ? db
          .selectFrom('conversations')
          .select(['id', 'kind', 'visibility', 'status'])
          .where('id', '=', conv.linked_conversation_id)
          .where('workspace_id', '=', input.workspaceId)
          .executeTakeFirst()
      : undefined,
    // The post or tweet a comment or mention lives under (fetched once, in a job, when unknown).
    ensurePostContext(app, conv),
    replyLanguage(db, conv),
  ]);
  // Conversations merged into this one (conversations/merge/): the thread groups their messages.
  const mergedFrom = await db
    .selectFrom('conversations')
    .leftJoin('users', 'users.id', 'conversations.merged_by')
    .select(['conversations.id', 'conversations.kind', 'conversations.channel_id', 'conversations.merged_at', 'conversations.merged_by', 'users.name'])
    .where('conversations.workspace_id', '=', input.workspaceId)
    .where('conversations.merged_into_id', '=', conv.id)
    .orderBy('conversations.merged_at')
    .execute();
  const hasMore = msgs.length > input.limit;
  const page = msgs.slice(0, input.limit).reverse();
  // Each public customer comment's latest moderation (on its way, or the network's refusal).
  const moderation = await latestModeration(
    db,
    page.filter((m) => m.direction === 'in' && m.visibility === 'public').map((m) => m.id),
  );
  return presentConversation(conv, {
    messages: page.map((m) => ({ ...presentMessage(m), moderation: moderation.get(m.id) ?? null })),
    olderCursor: hasMore ? (page[0]?.id ?? null) : null,
    contact: {
      id: contact.id,
      name: contact.name,
      attributes: parseJson(contact.attributes, {}),
      identities: identities.map((i) => ({
        network: i.network,
        externalId: i.external_id,
        handle: i.handle,
        blockedAt: i.blocked_at ? new Date(i.blocked_at).toISOString() : null,
      })),
    },
    tags: tags.map((t) => t.tag).sort(),
    channel: {
      id: channel.id,
      name: channel.name,
      type: channel.type,
      status: channel.status,
      capabilities: capabilitiesOf(channel.type, parseJson(channel.settings, {})),
    },
    linkedConversation: linked ?? null,
    mergedFrom: mergedFrom.map((m) => ({
      id: m.id,
      kind: m.kind,
      channelId: m.channel_id,
      at: m.merged_at ? new Date(m.merged_at).toISOString() : null,
      by: m.merged_by ? { id: m.merged_by, name: m.name ?? m.merged_by } : null,
    })),
    // Customer survey answers about this conversation's resolutions (docs/surveys.md).
    surveys: await conversationSurveys(db, input.workspaceId, conv.id),
    postContext,
    // What Hearken writes to this customer in its own words, in their language (lib/customer-texts):
    // the composer offers this public note on "Move to private"; the agent may change it.
    replyLanguage: lang,
    defaultPublicNote: customerText('moveToPrivate.publicNote', lang),
  });
}
