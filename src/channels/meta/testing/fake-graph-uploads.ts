import { GRAPH_VERSION } from '../constants.js';
import { graphError, type GraphRequest } from './fake-graph.js';

/** A file part of a multipart request, as the fake logs it. */
export interface GraphUpload {
  field: string;
  name: string;
  type: string;
  size: number;
  bytes: Uint8Array;
}

/** Reads a multipart body: plain fields (JSON ones parsed, as Graph does) and the files. */
export async function parseGraphMultipart(raw: Buffer, contentType: string): Promise<Record<string, unknown> | undefined> {
  try {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    const out: Record<string, unknown> = { multipart: true, files: [] as GraphUpload[] };
    for (const [k, v] of form.entries()) {
      if (typeof v !== 'string')
        (out.files as GraphUpload[]).push({ field: k, name: v.name, type: v.type, size: v.size, bytes: new Uint8Array(await v.arrayBuffer()) });
      else {
        try {
          out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
        } catch {
          out[k] = v;
        }
      }
    }
    return out;
  } catch {
    return undefined;
  }
}

const MB = 1024 * 1024;
/** Send API attachment uploads: 25 MB (developers.facebook.com/docs/messenger-platform/send-messages#file). */
const MESSENGER_MAX = 25 * MB;
/** WhatsApp Cloud API supported media and their limits (cloud-api/reference/media#supported-media-types). */
const WA_TYPES: Array<[RegExp, 'image' | 'video' | 'audio' | 'document', number]> = [
  [/^image\/(jpeg|png)$/, 'image', 5 * MB],
  [/^video\/(mp4|3gpp)$/, 'video', 16 * MB],
  [/^audio\/(aac|mp4|mpeg|amr|ogg)$/, 'audio', 16 * MB],
  [/^(application\/pdf|text\/plain|application\/(msword|vnd\.[a-z0-9.-]+))$/, 'document', 100 * MB],
];

type Answer = { status: number; body: unknown };

/**
 * The file-sending half of the fake Graph API (fake-graph.ts):
 * - Messenger Send API with an upload: multipart with `recipient` and `message` (JSON), the file in
 *   `filedata`, message.attachment.type one of image/audio/video/file, 25 MB;
 * - WhatsApp POST /{phone-number-id}/media: multipart with messaging_product=whatsapp, `type`, the
 *   file in `file`, a supported type within its limit → {id}; then /messages with type
 *   image/video/audio/document and {id} of an uploaded media (an unknown id is refused), captions
 *   at most 1,024 characters and never on audio.
 */
export function fakeGraphUploads() {
  const uploaded = new Map<string, GraphUpload & { mime: string }>();
  let n = 0;

  /** Multipart requests and /media; undefined for anything else (the JSON Send API, comments…). */
  const handle = (r: GraphRequest, accounts: Record<string, string>): Answer | undefined => {
    const m = new RegExp(`^/${GRAPH_VERSION}/([^/]+)/(messages|media)$`).exec(r.path);
    const b = r.body ?? {};
    if (!m || (m[2] === 'messages' && !b.multipart)) return undefined;
    const kind = accounts[decodeURIComponent(m[1]!)];
    if (m[2] === 'media') return kind === 'whatsapp' ? waUpload(b) : undefined;
    if (kind !== 'messenger' && kind !== 'instagram') return undefined;
    const rcp = b.recipient ?? {};
    if (!rcp.id) return graphError(400, 100, '(#100) The parameter recipient is required');
    if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(b.messaging_type)) return graphError(400, 100, '(#100) The parameter messaging_type is required');
    const type = b.message?.attachment?.type;
    if (!['image', 'audio', 'video', 'file'].includes(type))
      return graphError(400, 100, '(#100) Param message[attachment][type] must be one of {IMAGE, AUDIO, VIDEO, FILE, TEMPLATE}');
    const file = (b.files as GraphUpload[]).find((f) => f.field === 'filedata');
    if (!file || file.size === 0) return graphError(400, 100, '(#100) Upload attachment failure.');
    if (file.size > MESSENGER_MAX) return graphError(400, 100, '(#100) Upload attachment failure: file is too large');
    return { status: 200, body: { recipient_id: rcp.id, message_id: `m_upload${++n}`, attachment_id: `att${n}` } };
  };

  const waUpload = (b: any): Answer => {
    if (b.messaging_product !== 'whatsapp') return graphError(400, 100, '(#100) The parameter messaging_product is required.');
    const file = (b.files as GraphUpload[] | undefined)?.find((f) => f.field === 'file');
    if (!b.multipart || !file) return graphError(400, 100, '(#100) The parameter file is required.');
    if (typeof b.type !== 'string' || !b.type) return graphError(400, 100, '(#100) The parameter type is required.');
    const rule = WA_TYPES.find(([re]) => re.test(b.type));
    if (!rule) return graphError(400, 131053, 'Media upload error', 'OAuthException', undefined, `Unsupported file type: ${b.type}`);
    if (file.size > rule[2])
      return graphError(400, 131053, 'Media upload error', 'OAuthException', undefined, `Media file size too big. Max file size is ${rule[2] / MB}MB`);
    const id = `${9_000_000 + ++n}`;
    uploaded.set(id, { ...file, mime: b.type });
    return { status: 200, body: { id } };
  };

  /** A WhatsApp /messages send of type image/video/audio/document; undefined for other types. */
  const sendMedia = (b: any): Answer | undefined => {
    if (!['image', 'video', 'audio', 'document'].includes(b.type)) return undefined;
    const media = b[b.type] ?? {};
    const file = uploaded.get(String(media.id ?? ''));
    if (!file) return graphError(400, 131009, 'Parameter value is not valid', 'OAuthException', undefined, `${b.type}[id] is not a valid media id`);
    const rule = WA_TYPES.find(([re]) => re.test(file.mime));
    if (rule?.[1] !== b.type && b.type !== 'document')
      return graphError(400, 131053, 'Media upload error', 'OAuthException', undefined, `${file.mime} cannot be sent as ${b.type}`);
    if (media.caption !== undefined && b.type === 'audio')
      return graphError(400, 100, 'Invalid parameter', 'OAuthException', undefined, 'audio messages take no caption');
    if (typeof media.caption === 'string' && [...media.caption].length > 1024)
      return graphError(400, 100, 'Invalid parameter', 'OAuthException', undefined, 'caption must be at most 1024 characters');
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: b.to }], messages: [{ id: `wamid.UPLOAD${++n}` }] } };
  };

  return { handle, sendMedia, uploaded };
}
