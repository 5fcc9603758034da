import type { Sender, SendResult } from '../contract/send.js';
import { signBody } from './signature.js';
import { neverSent, outboundErrorText } from '../../net/outbound-errors.js';

/**
 * Delivers a reply to the custom source's callback URL, signed like inbound deliveries, with the
 * message id as Idempotency-Key so the receiver can drop a retry of a send it already accepted.
 * Contract: 2xx = accepted (optional JSON {"id": "<the source's message id>"}); 4xx except
 * 408/409/425/429 = refused for good; anything else = try again later.
 * The callback is a host a workspace admin chose, not a network: a failure shows its status code,
 * never its answer's body (which could be an internal service's, were the client ever allowed there).
 */
export const apiSender: Sender = {
  async send(req): Promise<SendResult> {
    const url = req.settings.callbackUrl;
    if (typeof url !== 'string' || !url) return { ok: false, permanent: true, error: 'channel has no callback URL configured' };
    const m = req.message;
    const body = JSON.stringify({
      id: m.id,
      type: 'message.outbound',
      conversation: {
        id: req.conversation.id,
        kind: req.conversation.kind,
        thread: sourceThread(req.conversation.channel_id, req.conversation.thread_key),
        item_id: req.conversation.public_item_id,
      },
      recipient: { id: req.recipient.externalId, handle: req.recipient.handle },
      message: {
        id: m.id,
        text: m.body,
        visibility: m.visibility,
        reply_to: m.reply_to_external_id,
        author_kind: m.author_kind,
        created_at: new Date(m.created_at).toISOString(),
      },
      retry: req.previousAttemptUnknown,
    });
    let res: Response;
    try {
      res = await req.outbound.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': req.idempotencyKey,
          'user-agent': 'Hearken/0.1',
          ...signBody(req.secrets.signingSecret ?? '', body, Date.now()),
        },
        body,
        timeoutMs: req.timeoutMs,
        // The answer is at most {"id": …}: a large one is not read.
        maxBytes: 64 * 1024,
      });
    } catch (err) {
      // A refused address and DNS failures never reached the receiver; anything else might have.
      // A refused address is refused for good: retrying cannot make it public.
      const refused = (err as { code?: string }).code === 'EOUTBOUND_REFUSED';
      return { ok: false, permanent: refused, error: `callback unreachable: ${outboundErrorText(err)}`, outcomeUnknown: !neverSent(err) };
    }
    if (res.ok) {
      const text = await res.text().catch(() => '');
      let externalId: string | null = null;
      try {
        const j = JSON.parse(text);
        if (j && typeof j.id === 'string') externalId = j.id;
      } catch {
        /* a 2xx without a JSON id is still accepted */
      }
      return { ok: true, externalId };
    }
    await res.body?.cancel().catch(() => {});
    const retryable = res.status >= 500 || [408, 409, 425, 429].includes(res.status);
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      ok: false,
      permanent: !retryable,
      error: `the callback URL answered HTTP ${res.status}`,
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    };
  },
};

/** The source's own thread id, when it gave one (intake keys such threads "<channel>:t:<thread>"). */
function sourceThread(channelId: string, key: string): string | null {
  const prefix = `${channelId}:t:`;
  return key.startsWith(prefix) ? key.slice(prefix.length) : null;
}
