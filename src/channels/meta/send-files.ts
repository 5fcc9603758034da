import type { Outbound } from '../../net/outbound-http.js';
import type { OutboundFile } from '../contract/outbound-file.js';
import type { SendResult } from '../contract/send.js';
import { graphPost } from './graph-client.js';

type Call = { baseUrl: string; token: string; appSecret?: string; timeoutMs: number; outbound: Outbound };
type Failure = Extract<SendResult, { ok: false }>;

/** The Send API's attachment types; anything not picture, video or sound goes as a file. */
const messengerType = (mime: string) =>
  mime.startsWith('image/') ? 'image' : mime.startsWith('video/') ? 'video' : mime.startsWith('audio/') ? 'audio' : 'file';

/**
 * Messenger: one Send API call per file, the bytes uploaded in the multipart field `filedata`
 * beside `recipient`, `messaging_type` (+ `tag`) and `message` as JSON strings, with
 * message.attachment {type, payload: {is_reusable: false}} — Hearken's media URLs are private, so
 * Meta cannot be given a URL to fetch. Answers the first message id, or the first refusal.
 */
export async function sendMessengerFiles(
  call: Call,
  o: { account: string; envelope: Record<string, unknown>; metadata: string; files: OutboundFile[] },
): Promise<{ ok: true; id: string | null } | Failure> {
  let first: string | null = null;
  for (const f of o.files) {
    const form = new FormData();
    for (const [k, v] of Object.entries(o.envelope)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    form.set('message', JSON.stringify({ attachment: { type: messengerType(f.contentType), payload: { is_reusable: false } }, metadata: o.metadata }));
    form.set('filedata', new Blob([await f.read()], { type: f.contentType }), f.name);
    const r = await graphPost<{ message_id?: string }>({ ...call, path: `${encodeURIComponent(o.account)}/messages`, body: null, form });
    if (!r.ok) return r.result;
    first ??= r.data.message_id ?? null;
  }
  return { ok: true, id: first };
}

/** WhatsApp Cloud API media types and limits (developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types). */
const WA_IMAGE = /^image\/(jpeg|png)$/;
const WA_VIDEO = /^video\/(mp4|3gpp)$/;
const WA_AUDIO = /^audio\/(aac|mp4|mpeg|amr|ogg)$/;
export const WHATSAPP_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const WHATSAPP_CAPTION_MAX = 1024;

/** How a file goes out on WhatsApp: a picture, video or sound it plays, else a document (big pictures too). */
export function whatsappKind(f: Pick<OutboundFile, 'contentType' | 'size'>): 'image' | 'video' | 'audio' | 'document' {
  if (WA_IMAGE.test(f.contentType) && f.size <= WHATSAPP_IMAGE_MAX_BYTES) return 'image';
  if (WA_VIDEO.test(f.contentType)) return 'video';
  if (WA_AUDIO.test(f.contentType)) return 'audio';
  return 'document';
}

/**
 * WhatsApp: each file is uploaded to POST /{phone-number-id}/media (multipart: messaging_product,
 * type, file) and sent by the media id it answers. The text is the first file's caption when it
 * fits and that file can carry one (sound cannot); `captionFirst` false means the caller sent it
 * already. Answers the first message id, or the first refusal.
 */
export async function sendWhatsAppFiles(
  call: Call,
  o: { phoneNumberId: string; to: string; files: OutboundFile[]; caption: string | null },
): Promise<{ ok: true; id: string | null } | Failure> {
  let first: string | null = null;
  for (const [i, f] of o.files.entries()) {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', f.contentType);
    form.set('file', new Blob([await f.read()], { type: f.contentType }), f.name);
    const up = await graphPost<{ id?: string }>({ ...call, path: `${encodeURIComponent(o.phoneNumberId)}/media`, body: null, form });
    if (!up.ok) return up.result;
    if (!up.data.id) return { ok: false, permanent: false, error: 'WhatsApp answered the upload without a media id' };
    const kind = whatsappKind(f);
    const media: Record<string, unknown> = { id: up.data.id };
    if (i === 0 && o.caption && kind !== 'audio') media.caption = o.caption;
    if (kind === 'document') media.filename = f.name;
    const r = await graphPost<{ messages?: Array<{ id?: string }> }>({
      ...call,
      path: `${encodeURIComponent(o.phoneNumberId)}/messages`,
      body: { messaging_product: 'whatsapp', recipient_type: 'individual', to: o.to, type: kind, [kind]: media },
    });
    if (!r.ok) return r.result;
    first ??= r.data.messages?.[0]?.id ?? null;
  }
  return { ok: true, id: first };
}
