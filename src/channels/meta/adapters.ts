import { z } from 'zod';
import type { ChannelAdapter } from '../contract/adapter.js';
import type { InboundEvent } from '../contract/inbound.js';
import { instagramCapabilities, messengerCapabilities, whatsappCapabilities } from './capabilities.js';
import { checkInstagram, checkMessenger, checkWhatsApp } from './check.js';
import { GRAPH_BASE_URL, INSTAGRAM_GRAPH_BASE_URL } from './constants.js';
import { fetchWhatsAppMedia, whatsappMediaRef } from './fetch-media.js';
import { fetchMetaItem } from './fetch-post.js';
import { moderateMeta } from './moderate.js';
import { parseFeedChange } from './parse-feed.js';
import { parseInstagramComment } from './parse-instagram.js';
import { parseMessagingEntry } from './parse-messaging.js';
import { parseWhatsAppChange } from './parse-whatsapp.js';
import { checkMessagingReply, checkWhatsAppReply } from './policy.js';
import { metaMessagingSender } from './send-messaging.js';
import { whatsappSender } from './send-whatsapp.js';
import { whatsappTemplates } from './templates.js';
import {
  apiBaseUrl,
  changesOf,
  graphId,
  metaHandshake,
  metaTime,
  newMetaSecrets,
  parseEntries,
  parseWith,
  takeSecretFields,
  verifyMetaSignature,
} from './webhook.js';

/**
 * The three Meta channel types. All share the webhook (hub.challenge handshake with a generated
 * verify token, X-Hub-Signature-256 with the pasted app secret, batched entry[]) and the Graph
 * client; they differ in what their entries hold and how they send. docs/channels-meta.md.
 */
const shared = {
  verify: (delivery: Parameters<ChannelAdapter['verify']>[0], secrets: Record<string, string>) => verifyMetaSignature(delivery, secrets),
  handshake: (query: Record<string, string>, secrets: Record<string, string>) => metaHandshake(query, secrets),
  newSecrets: newMetaSecrets,
  deliveryHeaders: ['x-hub-signature'],
  mediaHosts: { domains: ['fbcdn.net', 'fbsbx.com', 'cdninstagram.com'], hosts: ['lookaside.fbsbx.com'] },
};

const messengerSettings = z.object({ pageId: graphId, appId: graphId.optional(), apiBaseUrl });
const MESSENGER_SECRETS = ['appSecret', 'pageAccessToken'] as const;

/** A Facebook Page: Messenger (object "page", messaging[]) and Page comments (changes[] field "feed"). */
export const messengerAdapter: ChannelAdapter = {
  ...shared,
  type: 'messenger',
  network: 'facebook',
  displayName: 'Messenger',
  capabilities: messengerCapabilities,
  parse(delivery) {
    const now = Date.now();
    const out: InboundEvent[] = [];
    for (const [i, entry] of parseEntries(delivery.body, 'page').entries()) {
      out.push(...parseMessagingEntry(entry, i, now));
      for (const [j, ch] of changesOf(entry).entries()) {
        if (ch.field === 'feed') out.push(...parseFeedChange(ch.value, entry.id, `entry[${i}].changes[${j}]`, metaTime(entry.time, now)));
      }
    }
    return out;
  },
  sender: metaMessagingSender({ defaultBaseUrl: GRAPH_BASE_URL, accountSetting: 'pageId', tokenSecret: 'pageAccessToken', commentReplyEdge: 'comments' }),
  parseSettings: (input) => parseWith(messengerSettings, input),
  takeSecrets: (input, existing) => takeSecretFields(input, MESSENGER_SECRETS, existing),
  checkReply: (conv, reply) => checkMessagingReply(conv, reply, { instagram: false }),
  fetchPost: (ctx, channel, itemId) => fetchMetaItem('messenger', ctx, channel, itemId),
  moderate: (ctx, channel, action, target) => moderateMeta('messenger', ctx, channel, action, target),
  check: checkMessenger,
};

const instagramSettings = z.object({ accountId: graphId, apiBaseUrl });
const INSTAGRAM_SECRETS = ['appSecret', 'accessToken'] as const;

/** An Instagram professional account (Instagram API with Instagram Login): DMs (messaging[]) and comments (changes[] field "comments"). */
export const instagramAdapter: ChannelAdapter = {
  ...shared,
  type: 'instagram',
  network: 'instagram',
  displayName: 'Instagram',
  capabilities: instagramCapabilities,
  parse(delivery) {
    const now = Date.now();
    const out: InboundEvent[] = [];
    for (const [i, entry] of parseEntries(delivery.body, 'instagram').entries()) {
      out.push(...parseMessagingEntry(entry, i, now));
      for (const [j, ch] of changesOf(entry).entries()) {
        if (ch.field === 'comments' || ch.field === 'live_comments')
          out.push(...parseInstagramComment(ch.value, entry.id, `entry[${i}].changes[${j}]`, metaTime(entry.time, now)));
      }
    }
    return out;
  },
  sender: metaMessagingSender({
    defaultBaseUrl: INSTAGRAM_GRAPH_BASE_URL,
    accountSetting: 'accountId',
    tokenSecret: 'accessToken',
    commentReplyEdge: 'replies',
  }),
  parseSettings: (input) => parseWith(instagramSettings, input),
  takeSecrets: (input, existing) => takeSecretFields(input, INSTAGRAM_SECRETS, existing),
  checkReply: (conv, reply) => checkMessagingReply(conv, reply, { instagram: true }),
  fetchPost: (ctx, channel, itemId) => fetchMetaItem('instagram', ctx, channel, itemId),
  moderate: (ctx, channel, action, target) => moderateMeta('instagram', ctx, channel, action, target),
  check: checkInstagram,
};

const whatsappSettings = z.object({ phoneNumberId: graphId, businessAccountId: graphId.optional(), apiBaseUrl });
const WHATSAPP_SECRETS = ['appSecret', 'accessToken'] as const;

/** A WhatsApp Business number on the Cloud API (object "whatsapp_business_account", changes[] field "messages"). */
export const whatsappAdapter: ChannelAdapter = {
  ...shared,
  type: 'whatsapp',
  network: 'whatsapp',
  displayName: 'WhatsApp',
  capabilities: whatsappCapabilities,
  parse(delivery) {
    const now = Date.now();
    const out: InboundEvent[] = [];
    for (const [i, entry] of parseEntries(delivery.body, 'whatsapp_business_account').entries()) {
      for (const [j, ch] of changesOf(entry).entries()) {
        if (ch.field === 'messages') out.push(...parseWhatsAppChange(ch.value, `entry[${i}].changes[${j}]`, metaTime(entry.time, now)));
      }
    }
    return out;
  },
  sender: whatsappSender,
  parseSettings: (input) => parseWith(whatsappSettings, input),
  takeSecrets: (input, existing) => takeSecretFields(input, WHATSAPP_SECRETS, existing),
  checkReply: (conv, reply) => checkWhatsAppReply(conv, reply),
  mediaRef: whatsappMediaRef,
  fetchMedia: fetchWhatsAppMedia,
  check: checkWhatsApp,
  templates: whatsappTemplates,
};
