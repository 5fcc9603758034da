import type { Sender, SendResult } from '../contract/send.js';
import { callX, credentialsOf, xBaseUrl } from './client.js';

/**
 * Public replies are posts answering the customer's post (POST /2/tweets with
 * reply.in_reply_to_tweet_id); private ones are DMs (POST /2/dm_conversations/with/:id/messages).
 * X has no idempotency key, so the channel declares safeRetry=false: an uncertain send goes to a
 * human rather than risking a second public post. 429 → retry at x-rate-limit-reset; 5xx → retry;
 * other refusals (403 duplicate content, DMs closed, 401 revoked token…) → failed with X's text.
 */
export const xSender: Sender = {
  async send(req): Promise<SendResult> {
    const creds = credentialsOf(req.secrets);
    if (!creds) return { ok: false, permanent: true, error: 'channel is missing X credentials (consumer key/secret, access token/secret)' };
    const m = req.message;
    let path: string;
    let body: Record<string, unknown>;
    if (m.visibility === 'public') {
      if (!m.reply_to_external_id) return { ok: false, permanent: true, error: 'no post to reply to in this conversation' };
      path = '/tweets';
      body = { text: m.body, reply: { in_reply_to_tweet_id: m.reply_to_external_id } };
    } else {
      const participant = dmCustomer(req.channel.id, req.conversation.thread_key) ?? req.recipient.externalId;
      if (!/^\d+$/.test(participant)) return { ok: false, permanent: true, error: 'no X account to send the message to' };
      path = `/dm_conversations/with/${participant}/messages`;
      body = { text: m.body };
    }
    const r = await callX({ baseUrl: xBaseUrl(req.settings), creds, method: 'POST', path, body, timeoutMs: req.timeoutMs, outbound: req.outbound });
    if (r.ok) {
      const id = r.body?.data?.id ?? r.body?.data?.dm_event_id;
      return { ok: true, externalId: typeof id === 'string' ? id : null };
    }
    if (r.kind === 'network') return { ok: false, permanent: false, error: r.error, outcomeUnknown: r.outcomeUnknown };
    const retryable = r.status === 429 || r.status >= 500;
    return {
      ok: false,
      permanent: !retryable,
      error: `X refused the ${m.visibility === 'public' ? 'reply' : 'message'} (${r.status}): ${r.error}`,
      retryAfterMs: r.retryAfterMs,
    };
  },
};

/** Intake keys DM conversations "<channel>:dm:<customer id>". */
function dmCustomer(channelId: string, threadKey: string): string | null {
  const prefix = `${channelId}:dm:`;
  return threadKey.startsWith(prefix) ? threadKey.slice(prefix.length) : null;
}
