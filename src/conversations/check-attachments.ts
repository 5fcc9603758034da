import type { Kysely } from 'kysely';
import type { Capabilities } from '../channels/contract/capabilities.js';
import { AppError } from '../lib/errors.js';
import type { StoredAttachment } from '../media/fetch-media-job.js';
import type { ConversationTable, DB, Visibility } from '../store/schema.js';

/** An outbound attachment as kept on the message: the inbound shape (`stored` etc.) plus the upload's id. */
export interface OutboundAttachment extends StoredAttachment {
  type: 'image' | 'video' | 'audio' | 'file';
  stored: string;
  size: number;
  contentType: string;
  name: string;
  media: string;
}

export const MAX_REPLY_ATTACHMENTS = 10;

const kindOf = (mime: string): OutboundAttachment['type'] =>
  mime.startsWith('image/') ? 'image' : mime.startsWith('video/') ? 'video' : mime.startsWith('audio/') ? 'audio' : 'file';

/**
 * Files on a reply, checked before anything is queued: the channel carries files at all, in this
 * visibility (a comment or a move to private cannot), not too many, each one uploaded by THIS
 * workspace (an id of another workspace is "not found", like any other unknown id) and within the
 * network's size limit. Answers the list to store on the message, in the order given.
 */
export async function checkAttachments(
  db: Kysely<DB>,
  caps: Capabilities,
  conv: ConversationTable,
  o: { workspaceId: string; mediaIds: string[]; visibility: Visibility },
): Promise<OutboundAttachment[]> {
  if (!o.mediaIds.length) return [];
  // No limits, or "0 files per reply", both mean the channel sends no files: one refusal that says
  // so (not "at most 0 files"), before anything is queued — never the text without its files.
  const limits = caps.attachments && caps.outboundAttachments && caps.outboundAttachments.maxFiles > 0 ? caps.outboundAttachments : undefined;
  if (!limits)
    throw new AppError('capability_unsupported', 'this channel cannot send attachments', [{ field: 'attachments', reason: 'not supported by this channel' }]);
  if (limits.privateOnly && (o.visibility === 'public' || conv.visibility === 'public')) {
    throw new AppError('capability_unsupported', 'attachments can only be sent in a private conversation on this channel (not on a comment or a public item)', [
      { field: 'attachments', reason: 'only in private conversations' },
    ]);
  }
  if (new Set(o.mediaIds).size !== o.mediaIds.length)
    throw new AppError('invalid_request', 'attachments: the same file is given twice', [{ field: 'attachments', reason: 'duplicate id' }]);
  if (o.mediaIds.length > limits.maxFiles)
    throw new AppError('capability_unsupported', `this channel sends at most ${limits.maxFiles} files with one reply`, [
      { field: 'attachments', reason: `at most ${limits.maxFiles}` },
    ]);
  const rows = await db.selectFrom('media_uploads').selectAll().where('workspace_id', '=', o.workspaceId).where('id', 'in', o.mediaIds).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return o.mediaIds.map((id, i) => {
    const r = byId.get(id);
    if (!r) throw new AppError('not_found', `attachment ${id} not found`, [{ field: `attachments.${i}`, reason: 'no such upload in this workspace' }]);
    if (Number(r.size) > limits.maxBytes) {
      throw new AppError('capability_unsupported', `${r.name} is ${Number(r.size)} bytes; this channel sends files of at most ${limits.maxBytes} bytes`, [
        { field: `attachments.${i}`, reason: `at most ${limits.maxBytes} bytes` },
      ]);
    }
    return { type: kindOf(r.content_type), name: r.name, stored: r.key, size: Number(r.size), contentType: r.content_type, media: r.id };
  });
}
