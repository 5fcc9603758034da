import { createHash } from 'node:crypto';
import { GRAPH_BASE_URL } from './constants.js';
import { graphGet } from './templates-graph.js';
import type { ChannelAccess, MediaContext } from '../contract/context.js';
import type { MediaFetch } from '../contract/media.js';

/** What Graph answers for GET /{media-id} (WhatsApp Cloud API, "Retrieve media URL"); file_size comes as a string or a number. */
interface GraphMedia {
  messaging_product?: string;
  url?: string;
  mime_type?: string;
  sha256?: string;
  file_size?: string | number;
  id?: string;
}

const final = (error: string): MediaFetch => ({ ok: false, final: true, error });
const transient = (error: string): MediaFetch => ({ ok: false, final: false, error });
/** The lookup shares the job's one time budget with the download. */
const remaining = (o: { timeoutMs: number; deadline: number }) => (o.deadline ? Math.max(1, o.deadline - Date.now()) : o.timeoutMs);

/** How the parser keeps a media id on an attachment (src/channels/meta/parse-whatsapp.ts). */
const REF = 'whatsapp-media:';

/** The media id of an attachment the WhatsApp parser wrote as a reference, else null. */
export const whatsappMediaRef = (a: { url?: string }): string | null => (a.url?.startsWith(REF) ? a.url.slice(REF.length) : null);

/**
 * One WhatsApp media id → bytes, in one go because the URL Graph gives expires after 5 minutes:
 * GET /{version}/{media-id} with the channel's token (Bearer, appsecret_proof), then GET of the
 * answer's `url` (lookaside.fbsbx.com, checked like any media URL) with the same Bearer token,
 * which Meta requires there. The declared size is checked before downloading, the sha256 after.
 * A rerun resolves the id again, so a retry never uses an expired URL.
 */
export async function fetchWhatsAppMedia(o: MediaContext, channel: ChannelAccess, mediaId: string): Promise<MediaFetch> {
  if (!/^[A-Za-z0-9_.-]{1,256}$/.test(mediaId)) return final('not stored: not a WhatsApp media id');
  const token = channel.secrets.accessToken ?? '';
  if (!token) return final('not stored: the channel has no access token: paste one in the channel settings');
  if (o.signal.aborted) return transient(`timed out after ${o.timeoutMs} ms`);
  const base = typeof channel.settings.apiBaseUrl === 'string' && channel.settings.apiBaseUrl ? channel.settings.apiBaseUrl : GRAPH_BASE_URL;
  const r = await graphGet<GraphMedia>({
    baseUrl: base,
    path: encodeURIComponent(mediaId),
    token,
    appSecret: channel.secrets.appSecret,
    timeoutMs: remaining(o),
    outbound: o.outbound,
  });
  if (!r.ok) {
    if (!r.permanent) return transient(r.error);
    // Code 100 (object does not exist) or a 404: an unknown id, or media WhatsApp no longer keeps.
    const gone = /Meta error 100\b|HTTP 404/.test(r.error);
    return final(`not stored: ${gone ? 'WhatsApp no longer has this media (expired or unknown id)' : 'WhatsApp refused the media lookup'}: ${r.error}`);
  }
  const m = r.data;
  if (typeof m.url !== 'string' || !m.url) return final('not stored: WhatsApp answered the media lookup without a url');
  const declared = Number(m.file_size);
  if (Number.isFinite(declared) && declared > o.maxBytes) return final(`not stored: larger than ${o.maxBytes} bytes (WhatsApp says ${declared})`);
  const mime = typeof m.mime_type === 'string' ? m.mime_type.split(';')[0]!.trim().toLowerCase() : undefined;
  const got = await o.download(m.url, 'whatsapp', {
    maxBytes: o.maxBytes,
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    headers: { authorization: `Bearer ${token}` },
    fallbackType: mime,
  });
  if (!got.ok) return got;
  const expected = digestOf(m.sha256);
  if (expected && !expected.equals(createHash('sha256').update(got.bytes).digest()))
    return final('not stored: the downloaded file does not match the sha256 WhatsApp gave for it');
  return got;
}

/** Graph gives the sha256 as hex; webhook samples show base64. Either form is read; anything else cannot be checked. */
function digestOf(v: unknown): Buffer | null {
  if (typeof v !== 'string') return null;
  if (/^[0-9a-f]{64}$/i.test(v)) return Buffer.from(v, 'hex');
  const b = /^[A-Za-z0-9+/_-]{43}=?$/.test(v) ? Buffer.from(v, 'base64') : null;
  return b && b.length === 32 ? b : null;
}
