import { parseJson } from '../lib/json.js';
import type { HeldReplyTable } from '../store/schema.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** A held reply as the API shows it (README "Reply approvals", "Scheduled send"). */
export function presentHeldReply(h: HeldReplyTable) {
  return {
    id: h.id,
    conversationId: h.conversation_id,
    status: h.status,
    needsApproval: h.needs_approval === 1,
    reason: h.policy_reason,
    text: h.text,
    originalText: h.original_text,
    visibility: h.visibility,
    publicNote: h.public_note,
    thenStatus: h.then_status,
    attachments: parseJson<string[]>(h.attachments, []),
    sendAt: iso(h.send_at),
    authorKind: h.author_kind,
    authorUserId: h.author_user_id,
    decidedBy: h.decided_by,
    decidedAt: iso(h.decided_at),
    rejectReason: h.reject_reason,
    messageId: h.message_id,
    error: h.error,
    createdAt: iso(h.created_at),
    updatedAt: iso(h.updated_at),
  };
}
export type PresentedHeldReply = ReturnType<typeof presentHeldReply>;
