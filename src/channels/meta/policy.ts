import { AppError, invalid } from '../../lib/errors.js';
import type { AuthorKind, ConversationTable, Visibility } from '../../store/schema.js';
import { HUMAN_AGENT_WINDOW_MS, INSTAGRAM_MAX_BYTES, PRIVATE_REPLY_WINDOW_MS, STANDARD_WINDOW_MS, WHATSAPP_WINDOW_MS } from './constants.js';

/**
 * Meta's reply rules, checked before a reply is queued (adapter.checkReply) and again by the
 * sender at send time (the tag depends on when the message really goes out).
 */
export type MessagingPolicy = 'RESPONSE' | 'HUMAN_AGENT' | 'closed';

/** Messenger / Instagram: free within 24 h; then only a human, with the HUMAN_AGENT tag, up to 7 days. */
export function messagingPolicy(lastInboundAt: number, authorKind: AuthorKind, now: number): MessagingPolicy {
  const age = now - lastInboundAt;
  if (age <= STANDARD_WINDOW_MS) return 'RESPONSE';
  if (age <= HUMAN_AGENT_WINDOW_MS && authorKind === 'human') return 'HUMAN_AGENT';
  return 'closed';
}

/** Ids of Facebook comments ("<post>_<comment>") and Instagram comments (digits); message ids never look like this. */
export const isCommentId = (id: string | null | undefined): id is string => !!id && /^\d+(_\d+)?$/.test(id);

type Reply = { text: string; visibility: Visibility; authorKind: AuthorKind; now: number };
const iso = (t: number) => new Date(t).toISOString();

export function checkMessagingReply(conv: ConversationTable, r: Reply, o: { instagram: boolean }): void {
  if (o.instagram && r.visibility === 'private') {
    const bytes = Buffer.byteLength(r.text, 'utf8');
    if (bytes > INSTAGRAM_MAX_BYTES) throw invalid('text', `is ${bytes} bytes in UTF-8; Instagram messages are limited to ${INSTAGRAM_MAX_BYTES} bytes`);
  }
  if (r.visibility === 'public') return; // public comment replies have no window
  const last = conv.last_inbound_at ?? conv.created_at;
  if (conv.visibility === 'public') {
    // Private reply to a comment: one message, within 7 days of the comment.
    if (r.now - last > PRIVATE_REPLY_WINDOW_MS) {
      throw new AppError(
        'window_closed',
        `Meta allows a private reply to a comment only within 7 days of it; this one closed at ${iso(last + PRIVATE_REPLY_WINDOW_MS)}. Answer in public instead.`,
      );
    }
    return;
  }
  if (conv.linked_conversation_id && conv.last_inbound_at === null) {
    throw new AppError(
      'window_closed',
      'the customer has not answered your private reply yet: Meta allows one private message per comment until they write back',
    );
  }
  const policy = messagingPolicy(last, r.authorKind, r.now);
  if (policy !== 'closed') return;
  if (r.authorKind !== 'human' && r.now - last <= HUMAN_AGENT_WINDOW_MS) {
    throw new AppError(
      'window_closed',
      `the 24-hour messaging window closed at ${iso(last + STANDARD_WINDOW_MS)}; until ${iso(last + HUMAN_AGENT_WINDOW_MS)} only a human agent may answer (HUMAN_AGENT tag) — bots and automations may not`,
    );
  }
  throw new AppError(
    'window_closed',
    `the messaging window closed at ${iso(last + HUMAN_AGENT_WINDOW_MS)} (24 hours, or 7 days for a human agent, after the customer's last message); the customer must write first`,
  );
}

export function checkWhatsAppReply(conv: ConversationTable, r: Reply): void {
  const last = conv.last_inbound_at ?? conv.created_at;
  if (r.now - last > WHATSAPP_WINDOW_MS) {
    throw new AppError(
      'window_closed',
      `the WhatsApp 24-hour customer-service window closed at ${iso(last + WHATSAPP_WINDOW_MS)}: outside it WhatsApp only accepts an approved template message, not a free-form reply. Send an approved template message instead (the composer's template picker, or POST /api/v1/conversations/:id/template-messages), or wait for the customer to write.`,
    );
  }
}
