import type { Sender, SendRequest, SendResult } from '../contract/send.js';
import { graphPost } from './graph-client.js';
import { parseJson } from '../../lib/json.js';
import { ECHO_PREFIX } from './parse-messaging.js';
import { isCommentId, messagingPolicy } from './policy.js';
import { sendMessengerFiles } from './send-files.js';

/**
 * The Send API and comment replies, shared by Messenger (Facebook Page) and Instagram:
 * - public reply on a comment conversation: POST /{comment-id}/comments (Facebook) or /replies (Instagram);
 * - private reply to a comment (a DM opened from a public conversation whose message replies to
 *   a comment id): Send API with recipient {comment_id};
 * - otherwise a DM: recipient {id}, messaging_type RESPONSE within 24 h, MESSAGE_TAG + HUMAN_AGENT
 *   for a human after that (never for bots/automations).
 * Each send carries metadata "hearken:<message id>" so its echo webhook is recognised and skipped.
 */
export function metaMessagingSender(o: {
  defaultBaseUrl: string;
  accountSetting: string;
  tokenSecret: string;
  commentReplyEdge: 'comments' | 'replies';
}): Sender {
  return {
    async send(req: SendRequest): Promise<SendResult> {
      const m = req.message;
      const base = typeof req.settings.apiBaseUrl === 'string' ? req.settings.apiBaseUrl : o.defaultBaseUrl;
      const call = {
        baseUrl: base,
        token: req.secrets[o.tokenSecret] ?? '',
        appSecret: req.secrets.appSecret,
        timeoutMs: req.timeoutMs,
        outbound: req.outbound,
      };

      if (m.visibility === 'public') {
        const target = m.reply_to_external_id ?? req.conversation.public_item_id;
        if (!target) return { ok: false, permanent: true, error: 'nothing to reply to: the conversation has no comment or post id' };
        const r = await graphPost<{ id?: string }>({ ...call, path: `${encodeURIComponent(target)}/${o.commentReplyEdge}`, body: { message: m.body } });
        return r.ok ? { ok: true, externalId: r.data.id ?? null } : r.result;
      }

      const account = req.settings[o.accountSetting];
      if (typeof account !== 'string' || !account) return { ok: false, permanent: true, error: `channel setting ${o.accountSetting} is missing` };
      const message: Record<string, unknown> = { text: m.body, metadata: `${ECHO_PREFIX}${m.id}` };
      // Survey answer buttons (docs/surveys.md) as quick replies: at most 13, titles up to 20 characters.
      const buttons = parseJson<Array<{ label: string; payload: string }>>(m.buttons, []);
      if (buttons.length) message.quick_replies = buttons.slice(0, 13).map((b) => ({ content_type: 'text', title: b.label.slice(0, 20), payload: b.payload }));
      let body: Record<string, unknown>;
      if (req.conversation.linked_conversation_id && isCommentId(m.reply_to_external_id)) {
        body = { recipient: { comment_id: m.reply_to_external_id }, message };
      } else {
        const policy = messagingPolicy(req.conversation.last_inbound_at ?? req.conversation.created_at, m.author_kind, Date.now());
        if (policy === 'closed')
          return {
            ok: false,
            permanent: true,
            error: 'the messaging window closed before this reply could be sent (24 hours, or 7 days for a human agent); the customer must write first',
          };
        if (!req.recipient.externalId) return { ok: false, permanent: true, error: 'the customer has no identity on this network to message' };
        body = {
          recipient: { id: req.recipient.externalId },
          messaging_type: policy === 'RESPONSE' ? 'RESPONSE' : 'MESSAGE_TAG',
          ...(policy === 'HUMAN_AGENT' ? { tag: 'HUMAN_AGENT' } : {}),
          message,
        };
      }
      if (req.files?.length) {
        // Files (send-files.ts): the text first when there is one, then one message per file.
        if ('comment_id' in (body.recipient as object))
          return { ok: false, permanent: true, error: 'a private reply to a comment carries text only: send the files in a later message' };
        const { message: _text, ...envelope } = body;
        const lead = m.body.trim() ? await graphPost<{ message_id?: string }>({ ...call, path: `${encodeURIComponent(account)}/messages`, body }) : null;
        if (lead && !lead.ok) return lead.result;
        const f = await sendMessengerFiles(call, { account, envelope, metadata: `${ECHO_PREFIX}${m.id}`, files: req.files });
        if (!f.ok) return f;
        return { ok: true, externalId: (lead?.ok ? lead.data.message_id : null) ?? f.id };
      }
      const r = await graphPost<{ message_id?: string; recipient_id?: string }>({ ...call, path: `${encodeURIComponent(account)}/messages`, body });
      return r.ok ? { ok: true, externalId: r.data.message_id ?? null } : r.result;
    },
  };
}
