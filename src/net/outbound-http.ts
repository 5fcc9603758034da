import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { type Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { allowsAddress, allowsHost, type HostAllowList } from '../lib/host-allow-list.js';
import { nonPublicRange, parseIp } from '../lib/ip.js';

/**
 * Hearken's ONE door to the outside for HTTP: networks' APIs, API channel callbacks, listening
 * feeds, alert webhooks, media downloads. Every request made through it:
 * - goes to http(s) only, to a host whose ADDRESS ACTUALLY CONNECTED TO is public — checked in the
 *   socket's own DNS lookup and again on the connected socket, so a name that resolves to a public
 *   address for a check and to 127.0.0.1 for the connection (DNS rebinding) is still refused.
 *   Loopback, private, CGNAT, link-local (cloud metadata at 169.254.169.254), unique-local,
 *   multicast, reserved and the IPv4-mapped/NAT64/6to4 forms of those are refused unless the
 *   operator allows the host or block (HEARKEN_OUTBOUND_ALLOW);
 * - follows redirects itself, each hop checked again, at most MAX_REDIRECTS, dropping credentials
 *   when the origin changes (as browsers do);
 * - stops after a time budget and refuses an answer body larger than a size limit.
 * It returns a standard Response, so callers read it as they would fetch's.
 */
export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit | null;
  /** Aborts the request (and the body read); combined with the time budget. */
  signal?: AbortSignal;
  /** The whole request's budget, body included (default: config.sendTimeoutMs); null for none (long-lived streams with their own stall timer). */
  timeoutMs?: number | null;
  /** The largest body read (default HEARKEN_OUTBOUND_MAX_BYTES); null for a stream read as it comes. */
  maxBytes?: number | null;
  /** 'follow' (default): redirects followed and re-checked here; 'manual': a 3xx is returned as is. */
  redirect?: 'follow' | 'manual';
}

export interface OutboundPolicy {
  allow: HostAllowList;
  maxBytes: number;
  timeoutMs: number;
  /** The resolver (default dns.lookup); tests give one that answers what a hostile DNS server would. */
  resolve?: typeof dnsLookup;
}

/** The client as contexts carry it (App.outbound, NetworkContext.outbound, SendRequest.outbound…). */
export interface Outbound {
  fetch(url: string | URL, init?: OutboundRequest): Promise<Response>;
  /**
   * Socket options for a client that opens its own connection (Jetstream's websocket): the checked
   * lookup. Throws OutboundRefused when the URL itself is refused. A websocket client must not
   * follow redirects (ws does not by default).
   */
  socketOptions(url: URL): { lookup: unknown };
  /**
   * Lets requests to URLs starting with `prefix` (an origin and a path) through whatever the
   * address: how Hearken's own demo reaches its callback on this server. Only for exact paths
   * Hearken itself serves, never for configuration a workspace controls.
   */
  allowPrefix(prefix: string): void;
  close(): void;
}

export const MAX_REDIRECTS = 5;

/** Thrown when the destination is not one Hearken may call. Its message names only what the caller gave (the host), never a resolved address. */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
  readonly code = 'EOUTBOUND_REFUSED';
}

/** Thrown (through the body read) when an answer is larger than the limit. */
export class OutboundTooLarge extends Error {
  override name = 'OutboundTooLarge';
  readonly code = 'EOUTBOUND_TOO_LARGE';
}

const NOT_PUBLIC =
  'is not a public address: Hearken does not call loopback, private, link-local or other internal addresses (an operator can allow one with HEARKEN_OUTBOUND_ALLOW)';

/** Why a URL cannot be called, judged from the URL alone (scheme, credentials, an address literal); null when only the connection can tell. */
export function urlRefusal(url: URL, allow: HostAllowList): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http and https URLs are called (not ${url.protocol.replace(':', '')})`;
  if (url.username || url.password) return 'the URL carries credentials';
  const host = url.hostname.toLowerCase();
  if (allowsHost(allow, host)) return null;
  const ip = parseIp(host);
  if (ip) return nonPublicRange(ip) && !allowsAddress(allow, ip) ? `${url.hostname} ${NOT_PUBLIC}` : null;
  // RFC 6761: localhost and its subdomains are loopback whatever a resolver says.
  if (host === 'localhost' || host.endsWith('.localhost') || host === 'localhost.') return `${url.hostname} ${NOT_PUBLIC}`;
  return null;
}

/** Whether a connected or resolved address may be used for `host`. */
function addressAllowed(allow: HostAllowList, host: string, address: string): boolean {
  if (allowsHost(allow, host)) return true;
  const ip = parseIp(address);
  return !!ip && (!nonPublicRange(ip) || allowsAddress(allow, ip));
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A dns.lookup that refuses a name resolving to any address outside the policy. */
function checkedLookup(allow: HostAllowList, resolve: typeof dnsLookup) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      if (!list.length || list.some((a) => !addressAllowed(allow, hostname, a.address)))
        return callback(Object.assign(new OutboundRefused(`${hostname} ${NOT_PUBLIC}`), { code: 'EOUTBOUND_REFUSED' }), '');
      if ((options as LookupAllOptions).all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * A Node stream as a web stream, settled exactly once whatever happens first (end, error, an early
 * close, the reader cancelling): Readable.toWeb can throw "Controller is already closed" when the
 * Node side is destroyed after the web side finished.
 */
function toWebStream(stream: Readable): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const settle = (fn: () => void) => {
          if (settled) return;
          settled = true;
          fn();
        };
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) stream.pause();
        });
        stream.once('end', () => settle(() => controller.close()));
        // `on`, not `once`: a stream destroyed twice emits twice, and an unheard 'error' would crash the process.
        stream.on('error', (err) => settle(() => controller.error(err)));
        stream.once('close', () => settle(() => controller.error(new TypeError('the connection closed before the answer ended'))));
      },
      pull() {
        stream.resume();
      },
      cancel() {
        settled = true;
        stream.destroy();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createOutbound(policy: OutboundPolicy): Outbound {
  // Agents of its own: a pooled socket is only ever reused by requests under the same policy.
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
  const lookup = checkedLookup(policy.allow, policy.resolve ?? dnsLookup);
  const prefixes: string[] = [];
  const trusted = (url: URL) => prefixes.some((p) => url.href.startsWith(p));

  async function one(url: URL, method: string, headers: Headers, body: Buffer | null, signal: AbortSignal, maxBytes: number | null): Promise<Response> {
    const own = trusted(url);
    const refusal = own ? null : urlRefusal(url, policy.allow);
    if (refusal) throw new OutboundRefused(refusal);
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const outHeaders: Record<string, string> = {};
    headers.forEach((v, k) => {
      outHeaders[k] = v;
    });
    if (!outHeaders['user-agent']) outHeaders['user-agent'] = 'Hearken/0.1';
    if (!outHeaders['accept-encoding']) outHeaders['accept-encoding'] = 'gzip, deflate, br';
    if (body) outHeaders['content-length'] = String(body.length);
    signal.throwIfAborted();
    return new Promise<Response>((resolve, reject) => {
      const lib = url.protocol === 'https:' ? https : http;
      const req = lib.request({
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method,
        headers: outHeaders,
        // Hearken's own demo path gets a socket of its own (not pooled with checked ones) and the plain lookup.
        agent: own ? false : agents[url.protocol as 'http:' | 'https:'],
        lookup: own ? undefined : (lookup as never),
      });
      const onAbort = () => req.destroy(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      const fail = (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? signal.reason : err);
      };
      // The address actually connected to, checked on every socket (a pooled one included).
      const verify = (socket: Socket) => {
        const address = socket.remoteAddress;
        if (address && !own && !addressAllowed(policy.allow, host, address)) req.destroy(new OutboundRefused(`${url.hostname} ${NOT_PUBLIC}`));
      };
      req.on('socket', (socket: Socket) => {
        if (socket.remoteAddress) verify(socket);
        else socket.once('connect', () => verify(socket));
      });
      req.on('error', (err) =>
        fail(err instanceof OutboundRefused || (err as { code?: string }).code === 'EOUTBOUND_REFUSED' ? err : new TypeError('fetch failed', { cause: err })),
      );
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const h = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          try {
            h.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          } catch {
            /* a header fetch would not accept either: dropped */
          }
        }
        signal.removeEventListener('abort', onAbort);
        const responseInit = { status: status < 200 || status > 599 ? 502 : status, statusText: res.statusMessage ?? '', headers: h };
        if (NULL_BODY.has(status) || method === 'HEAD') {
          res.resume(); // nothing to read: drained so the socket returns to the pool
          resolve(new Response(null, responseInit));
          return;
        }
        let stream: Readable = res;
        const encoding = (res.headers['content-encoding'] ?? '').toLowerCase().trim();
        const decoder =
          encoding === 'gzip' || encoding === 'x-gzip'
            ? zlib.createGunzip()
            : encoding === 'deflate'
              ? zlib.createInflate()
              : encoding === 'br'
                ? zlib.createBrotliDecompress()
                : null;
        if (decoder) {
          stream = res.pipe(decoder);
          res.on('error', (e) => decoder.destroy(e));
          h.delete('content-encoding');
          h.delete('content-length');
        }
        if (maxBytes !== null) {
          let size = 0;
          const limit = maxBytes;
          const counted = new Transform({
            transform(chunk: Buffer, _enc, cb) {
              size += chunk.length;
              if (size > limit) cb(new OutboundTooLarge(`the answer was larger than ${limit} bytes`));
              else cb(null, chunk);
            },
          });
          stream.on('error', (e) => counted.destroy(e));
          stream = stream.pipe(counted);
        }
        const tail = stream;
        // The budget also covers reading the body; once the body is done (or failed) it lets go.
        const onBodyAbort = () => {
          res.destroy(signal.reason);
          tail.destroy(signal.reason);
        };
        const release = () => signal.removeEventListener('abort', onBodyAbort);
        signal.addEventListener('abort', onBodyAbort, { once: true });
        tail.once('end', release);
        tail.once('close', release);
        tail.on('error', release);
        try {
          resolve(new Response(toWebStream(tail), responseInit));
        } catch (e) {
          res.destroy();
          reject(e);
        }
      });
      req.end(body ?? undefined);
    });
  }

  const outboundFetch = async (input: string | URL, init: OutboundRequest = {}): Promise<Response> => {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new OutboundRefused('not a valid URL');
    }
    const refusal = trusted(url) ? null : urlRefusal(url, policy.allow);
    if (refusal) throw new OutboundRefused(refusal);
    const timeoutMs = init.timeoutMs === undefined ? policy.timeoutMs : init.timeoutMs;
    const signals = [init.signal, timeoutMs === null ? undefined : AbortSignal.timeout(timeoutMs)].filter((s): s is AbortSignal => !!s);
    const signal = signals.length === 1 ? signals[0]! : AbortSignal.any(signals);
    const maxBytes = init.maxBytes === undefined ? policy.maxBytes : init.maxBytes;
    // Request serialises any body fetch accepts (FormData with its boundary, URLSearchParams) the way fetch would.
    const prepared = new Request(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body ?? undefined });
    let method = prepared.method;
    const headers = new Headers(prepared.headers);
    let body: Buffer | null = init.body == null ? null : Buffer.from(await prepared.arrayBuffer());
    for (let hop = 0; ; hop++) {
      const res = await one(url, method, headers, body, signal, maxBytes);
      if (init.redirect === 'manual' || !REDIRECTS.has(res.status)) return res;
      const location = res.headers.get('location');
      if (!location) return res;
      await res.body?.cancel().catch(() => {});
      if (hop >= MAX_REDIRECTS) throw new OutboundRefused(`more than ${MAX_REDIRECTS} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new OutboundRefused('a redirect to an invalid URL');
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = null;
        for (const k of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(k);
      }
      // Credentials stay with the origin they were meant for.
      if (next.origin !== url.origin) for (const k of ['authorization', 'cookie', 'proxy-authorization']) headers.delete(k);
      url = next;
    }
  };
  return {
    fetch: outboundFetch,
    socketOptions(url) {
      const asHttp = new URL(url.href.replace(/^ws/, 'http'));
      const refusal = urlRefusal(asHttp, policy.allow);
      if (refusal) throw new OutboundRefused(refusal);
      return { lookup };
    },
    allowPrefix(prefix) {
      prefixes.push(prefix);
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
