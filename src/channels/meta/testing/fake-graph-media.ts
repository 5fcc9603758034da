import type { ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { hmacHex, safeEqual } from '../../../lib/crypto.js';
import { GRAPH_VERSION } from '../constants.js';
import { graphError, type GraphRequest } from './fake-graph.js';

/** A media object a test puts in the fake, as a customer's WhatsApp message would leave it at Meta. */
export interface FakeWhatsAppMedia {
  bytes: Buffer;
  mimeType: string;
  /** What the lookup answers as sha256 (default: the bytes' real hex digest). */
  sha256?: string;
  /** What the lookup answers as file_size (default: the bytes' length). */
  fileSize?: number;
}

/** How long a lookaside URL works after the lookup ("The URL is only valid for 5 minutes"). */
export const LOOKASIDE_TTL_S = 300;

/**
 * The WhatsApp media half of the fake Graph API (fake-graph.ts), with its own request log so the
 * Send API tests' request indexes are untouched by media jobs:
 * - GET /{version}/{media-id} (no `fields`): Bearer token and appsecret_proof checked as Meta
 *   does; answers {messaging_product, url, mime_type, sha256, file_size, id}, or Meta's error 100
 *   (subcode 33, "does not exist") for an unknown or no longer kept id, 190 for a bad token;
 * - GET https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid&ext&hash (reached through
 *   the media test hook): requires the same Bearer token, refuses a URL past its 5 minutes or
 *   with a wrong hash (404), and answers the bytes with the media's content type.
 */
export function fakeWhatsAppMedia(o: { token: string; appSecret: string; now?: () => number }) {
  const media = new Map<string, FakeWhatsAppMedia>();
  const requests: GraphRequest[] = [];
  const now = () => Math.floor((o.now ?? Date.now)() / 1000);
  const sign = (id: string, ext: number) => hmacHex(o.appSecret, `${id}:${ext}`).slice(0, 32);
  const lookupPath = new RegExp(`^/${GRAPH_VERSION}/([^/]+)$`);

  const json = (res: ServerResponse, a: { status: number; body: unknown }) =>
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
  const bearerOk = (r: GraphRequest) => {
    const token = r.authorization.replace(/^Bearer /, '');
    return !!token && safeEqual(token, o.token);
  };

  const lookup = (r: GraphRequest, id: string) => {
    if (!bearerOk(r)) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException');
    if (!safeEqual(r.query.appsecret_proof ?? '', hmacHex(o.appSecret, o.token)))
      return graphError(400, 100, 'Invalid appsecret_proof provided in the API argument', 'GraphMethodException');
    const m = media.get(id);
    if (!m)
      return graphError(
        400,
        100,
        `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
        'GraphMethodException',
        33,
      );
    const ext = now() + LOOKASIDE_TTL_S;
    const url = `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=${encodeURIComponent(id)}&ext=${ext}&hash=${sign(id, ext)}`;
    const sha256 = m.sha256 ?? createHash('sha256').update(m.bytes).digest('hex');
    return { status: 200, body: { messaging_product: 'whatsapp', url, mime_type: m.mimeType, sha256, file_size: String(m.fileSize ?? m.bytes.length), id } };
  };

  /** Answers the request when it is a media lookup or a lookaside download; false for anything else. */
  function serve(r: GraphRequest, res: ServerResponse): boolean {
    if (r.method !== 'GET') return false;
    if (r.path === '/whatsapp_business/attachments/') {
      requests.push(r);
      const id = r.query.mid ?? '';
      const ext = Number(r.query.ext);
      const m = media.get(id);
      if (!bearerOk(r)) json(res, graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException'));
      else if (!m || !(ext >= now()) || !safeEqual(r.query.hash ?? '', sign(id, ext)))
        res.writeHead(404, { 'content-type': 'text/plain' }).end('URL signature expired');
      else res.writeHead(200, { 'content-type': m.mimeType, 'content-length': String(m.bytes.length) }).end(m.bytes);
      return true;
    }
    const hit = lookupPath.exec(r.path);
    // A media lookup asks no fields; posts, accounts and templates always name theirs (fake-graph.ts).
    if (!hit || r.query.fields !== undefined || hit[1] === 'me') return false;
    requests.push(r);
    json(res, lookup(r, decodeURIComponent(hit[1]!)));
    return true;
  }

  return { media, requests, serve };
}
