import type { Outbound } from '../../net/outbound-http.js';
import type { OutboundFile } from '../contract/outbound-file.js';
import { callTelegram, type TelegramAnswer } from './client.js';

/** Bot API limits for uploads (https://core.telegram.org/bots/api#sending-files): photos 10 MB, other files 50 MB. */
export const TELEGRAM_PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const TELEGRAM_CAPTION_MAX = 1024;

/** sendPhoto takes JPEG/PNG/WebP pictures (Telegram recompresses them); anything else, or a big picture, is a document. */
const asPhoto = (f: OutboundFile) => /^image\/(jpeg|png|webp)$/.test(f.contentType) && f.size <= TELEGRAM_PHOTO_MAX_BYTES;

/**
 * Sends the files of one reply, one message each (multipart upload: the bytes are in Hearken's
 * store, Telegram cannot fetch them). The text rides as the first file's caption when it fits
 * 1,024 UTF-16 units; otherwise it was already sent as its own message (`captionFits` false).
 * Answers the first message's answer on success (its id becomes the reply's external id) or the
 * first refusal.
 */
export async function sendTelegramFiles(o: {
  baseUrl: string;
  token: string;
  chatId: number | string;
  files: OutboundFile[];
  caption: string | null;
  replyTo: number | null;
  timeoutMs: number;
  outbound: Outbound;
}): Promise<TelegramAnswer> {
  let first: TelegramAnswer | null = null;
  for (const [i, f] of o.files.entries()) {
    const method = asPhoto(f) ? 'sendPhoto' : 'sendDocument';
    const form = new FormData();
    form.set('chat_id', String(o.chatId));
    if (i === 0 && o.caption) form.set('caption', o.caption);
    if (i === 0 && o.replyTo) form.set('reply_parameters', JSON.stringify({ message_id: o.replyTo, allow_sending_without_reply: true }));
    form.set(method === 'sendPhoto' ? 'photo' : 'document', new Blob([await f.read()], { type: f.contentType }), f.name);
    const r = await callTelegram({ baseUrl: o.baseUrl, token: o.token, method, params: {}, form, timeoutMs: o.timeoutMs, outbound: o.outbound });
    if (!r.ok) return r;
    first ??= r;
  }
  return first!;
}
