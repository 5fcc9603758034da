import type { FetchMediaOptions, MediaFetch } from '../channels/contract/media.js';
import { isAllowedMediaHost } from './allowed-hosts.js';
import { outboundErrorText } from '../net/outbound-errors.js';
import { OutboundRefused, type Outbound } from '../net/outbound-http.js';

/** What may be stored: pictures, video, sound and PDF. SVG is refused: it can carry script. */
export function storableType(contentType: string): boolean {
  if (contentType === 'image/svg+xml') return false;
  return /^(image|video|audio)\/[a-z0-9.+-]+$/.test(contentType) || contentType === 'application/pdf';
}

const MAX_REDIRECTS = 3;

/**
 * Tests only: where to actually connect for a URL that has ALREADY passed every check (https, the
 * network's own host). It stands in for DNS, so a local server can play the network's CDN; it
 * cannot make a refused URL acceptable. Nothing in production sets it.
 */
let connectTo: ((u: URL) => URL) | null = null;
export function setMediaConnectForTests(fn: ((u: URL) => URL) | null) {
  connectTo = fn;
}

const final = (error: string): MediaFetch => ({ ok: false, final: true, error });
const transient = (error: string): MediaFetch => ({ ok: false, final: false, error });

/**
 * Downloads one attachment URL from the network's own media hosts: https only, every redirect
 * checked the same way (a hop to any other host is refused), the size limit enforced while the
 * body streams (a lying or absent content-length changes nothing), one timeout for the whole
 * download (or the caller's signal).
 */
export async function fetchMedia(raw: string, network: string, o: FetchMediaOptions & { outbound: Outbound }): Promise<MediaFetch> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return final('not stored: not a URL');
  }
  const signal = o.signal ?? AbortSignal.timeout(o.timeoutMs);
  const firstHost = url.hostname;
  for (let hop = 0; ; hop++) {
    const trusted = !!o.trustedOrigin && url.origin === o.trustedOrigin;
    if (url.protocol !== 'https:' && !trusted) return final(`not stored: only https URLs are fetched (${url.protocol.replace(':', '')})`);
    if (url.username || url.password) return final('not stored: URL carries credentials');
    if (!trusted && !isAllowedMediaHost(network, url.hostname)) return final(`not stored: ${url.hostname} is not one of ${network}'s media hosts`);
    let res: Response;
    try {
      const extra = url.hostname === firstHost ? o.headers : undefined;
      // A trusted origin is the channel's own configured API base: reached as configured, not through the test hook.
      // Through the outbound client: the media host must also be a public address (checked on connect).
      // The size limit and the time budget are this function's own (readLimited, `signal`).
      res = await o.outbound.fetch(connectTo && !trusted ? connectTo(url) : url, {
        redirect: 'manual',
        signal,
        timeoutMs: null,
        maxBytes: null,
        headers: { accept: 'image/*, video/*, audio/*, application/pdf', ...extra },
      });
    } catch (err) {
      if (err instanceof OutboundRefused) return final(`not stored: ${err.message}`);
      return transient(signal.aborted ? `timed out after ${o.timeoutMs} ms` : `cannot reach ${url.hostname}: ${outboundErrorText(err)}`);
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      const loc = res.headers.get('location');
      if (!loc) return final(`not stored: ${url.hostname} answered ${res.status} without a location`);
      if (hop >= MAX_REDIRECTS) return final('not stored: too many redirects');
      try {
        url = new URL(loc, url);
      } catch {
        return final('not stored: redirect to an invalid URL');
      }
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      const error = `${url.hostname} answered ${res.status}`;
      return res.status === 429 || res.status === 408 || res.status >= 500 ? transient(error) : final(`not stored: ${error}`);
    }
    let contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if ((!contentType || contentType === 'application/octet-stream') && o.fallbackType) contentType = o.fallbackType;
    if (!storableType(contentType)) {
      await res.body?.cancel();
      return final(`not stored: content type ${contentType || 'missing'} is not an image, video, audio or PDF`);
    }
    const declared = Number(res.headers.get('content-length'));
    if (declared > o.maxBytes) {
      await res.body?.cancel();
      return final(`not stored: larger than ${o.maxBytes} bytes`);
    }
    return readLimited(res, contentType, o.maxBytes, signal, o.timeoutMs);
  }
}

async function readLimited(res: Response, contentType: string, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<MediaFetch> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return final(`not stored: larger than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (err) {
    return transient(signal.aborted ? `timed out after ${timeoutMs} ms` : `download interrupted: ${(err as Error).message}`);
  }
  return { ok: true, bytes: Buffer.concat(chunks), contentType };
}
