import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { idGreater } from './http.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** A fixture file of a source folder (documented payload shapes, see each folder's fixtures/). */
export const fixture = (rel: string) => readFileSync(path.join(here, rel), 'utf8');
export const jsonFixture = <T = any>(rel: string): T => JSON.parse(fixture(rel));

type Service = 'rss' | 'reddit' | 'mastodon' | 'x' | 'youtube' | 'jetstream';
interface Scripted {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One local stand-in for every listening network, checking what each checks (X's bearer token,
 * YouTube's API key, Reddit's User-Agent, parameter ranges) and answering with each one's
 * documented errors, pagination (since_id, Link headers, next_token, pageToken, after=) and
 * rate-limit headers. Tests put posts in (newest first, as the networks list them), script
 * "slow down" answers, and read the requests made.
 */
export async function startFakeNetwork() {
  const s = {
    feeds: new Map<string, { xml: string; etag: string }>(),
    reddit: [] as any[],
    mastodon: { public: [] as any[], tags: new Map<string, any[]>() },
    x: { tweets: [] as any[], users: [] as any[], bearer: 'test-bearer-token' },
    youtube: { threads: [] as any[], key: 'test-api-key' },
    jetstream: [] as any[],
    scripted: new Map<Service, Scripted[]>(),
    requests: [] as Array<{ service: Service; url: URL; headers: IncomingMessage['headers'] }>,
  };
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  const next = (svc: Service) => s.scripted.get(svc)?.shift();

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const p = url.pathname;
    const svc: Service | undefined = p.startsWith('/feeds/')
      ? 'rss'
      : p.endsWith('search.json')
        ? 'reddit'
        : p.startsWith('/api/v1/timelines')
          ? 'mastodon'
          : p.startsWith('/2/')
            ? 'x'
            : p.startsWith('/youtube/')
              ? 'youtube'
              : undefined;
    if (!svc) return json(res, 404, { error: 'not found' });
    s.requests.push({ service: svc, url, headers: req.headers });
    const scripted = next(svc);
    if (scripted) return res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers }).end(scripted.body);
    switch (svc) {
      case 'rss': {
        const f = s.feeds.get(p.slice('/feeds/'.length));
        if (!f) return res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
        if (req.headers['if-none-match'] === f.etag) return res.writeHead(304, { etag: f.etag }).end();
        return res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8', etag: f.etag }).end(f.xml);
      }
      case 'reddit': {
        // Reddit throttles generic clients: without a descriptive User-Agent the answer is a 429.
        if (!req.headers['user-agent'] || /^(node|undici)/i.test(String(req.headers['user-agent'])))
          return json(res, 429, { message: 'Too Many Requests', error: 429 });
        if (!url.searchParams.get('q')) return json(res, 400, { message: 'Bad Request', error: 400 });
        const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 25));
        const sub = /^\/r\/([^/]+)\//.exec(p)?.[1];
        let list = s.reddit.filter((t) => !sub || url.searchParams.get('restrict_sr') !== '1' || t.data.subreddit.toLowerCase() === sub.toLowerCase());
        const after = url.searchParams.get('after');
        if (after) list = list.slice(list.findIndex((t) => t.data.name === after) + 1);
        const page = list.slice(0, limit);
        const more = list.length > limit;
        return json(
          res,
          200,
          { kind: 'Listing', data: { after: more ? page[page.length - 1].data.name : null, dist: page.length, modhash: '', children: page, before: null } },
          { 'x-ratelimit-used': '1', 'x-ratelimit-remaining': '99.0', 'x-ratelimit-reset': '540' },
        );
      }
      case 'mastodon': {
        const tag = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(p)?.[1];
        if (!tag && p !== '/api/v1/timelines/public') return json(res, 404, { error: 'Record not found' });
        let list = tag ? (s.mastodon.tags.get(decodeURIComponent(tag).toLowerCase()) ?? []) : s.mastodon.public;
        const limit = Math.min(40, Number(url.searchParams.get('limit') ?? 20));
        const since = url.searchParams.get('since_id') ?? undefined;
        const max = url.searchParams.get('max_id') ?? undefined;
        list = list.filter((st) => idGreater(st.id, since) && (max === undefined || idGreater(max, st.id)));
        const page = list.slice(0, limit);
        const links: string[] = [];
        const base = `http://${req.headers.host}${p}`;
        if (page.length) {
          links.push(`<${base}?limit=${limit}&max_id=${page[page.length - 1].id}>; rel="next"`);
          links.push(`<${base}?limit=${limit}&min_id=${page[0].id}>; rel="prev"`);
        }
        return json(res, 200, page, {
          ...(links.length ? { link: links.join(', ') } : {}),
          'x-ratelimit-limit': '300',
          'x-ratelimit-remaining': '299',
          'x-ratelimit-reset': new Date(Date.now() + 300_000).toISOString(),
        });
      }
      case 'x': {
        if (req.headers.authorization !== `Bearer ${s.x.bearer}`)
          return json(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
        if (p !== '/2/tweets/search/recent') return json(res, 404, { title: 'Not Found Error', type: 'https://api.twitter.com/2/problems/resource-not-found' });
        const query = url.searchParams.get('query');
        const maxResults = Number(url.searchParams.get('max_results') ?? 10);
        if (!query || maxResults < 10 || maxResults > 100)
          return json(res, 400, {
            errors: [{ parameters: { max_results: [String(maxResults)] }, message: 'The `max_results` query parameter value is not between 10 and 100' }],
            title: 'Invalid Request',
            detail: 'One or more parameters to your request was invalid.',
            type: 'https://api.twitter.com/2/problems/invalid-request',
          });
        const since = url.searchParams.get('since_id') ?? undefined;
        let list = s.x.tweets.filter((t) => idGreater(t.id, since));
        const token = url.searchParams.get('next_token');
        if (token) list = list.filter((t) => idGreater(token, t.id)); // token = the last id of the previous page
        const page = list.slice(0, maxResults);
        const rl = { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '449', 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900) };
        if (!page.length) return json(res, 200, { meta: { result_count: 0 } }, rl);
        const users = s.x.users.filter((u) => page.some((t) => t.author_id === u.id));
        const meta: Record<string, unknown> = { newest_id: page[0].id, oldest_id: page[page.length - 1].id, result_count: page.length };
        if (list.length > page.length) meta.next_token = page[page.length - 1].id;
        return json(res, 200, { data: page, includes: { users }, meta }, rl);
      }
      case 'youtube': {
        const key = url.searchParams.get('key');
        if (key !== s.youtube.key)
          return json(res, 400, {
            error: {
              code: 400,
              message: 'API key not valid. Please pass a valid API key.',
              errors: [{ message: 'API key not valid. Please pass a valid API key.', domain: 'global', reason: 'badRequest' }],
              status: 'INVALID_ARGUMENT',
            },
          });
        if (url.searchParams.get('part') !== 'snippet' && url.searchParams.get('part') !== 'snippet,replies')
          return json(res, 400, {
            error: { code: 400, message: 'No filter selected. Expected one of: part', errors: [{ reason: 'missingRequiredParameter', domain: 'global' }] },
          });
        const videoId = url.searchParams.get('videoId');
        const channelId = url.searchParams.get('allThreadsRelatedToChannelId');
        if (!videoId && !channelId)
          return json(res, 400, {
            error: { code: 400, message: 'No filter selected.', errors: [{ reason: 'missingRequiredParameter', domain: 'youtube.parameter' }] },
          });
        const max = Number(url.searchParams.get('maxResults') ?? 20);
        const list = s.youtube.threads.filter((t) => (videoId ? t.snippet.videoId === videoId : t.snippet.channelId === channelId));
        const start = Number(url.searchParams.get('pageToken') ? Buffer.from(url.searchParams.get('pageToken')!, 'base64url').toString() : 0);
        const page = list.slice(start, start + max);
        const body: Record<string, unknown> = {
          kind: 'youtube#commentThreadListResponse',
          etag: 'e',
          pageInfo: { totalResults: page.length, resultsPerPage: max },
          items: page,
        };
        if (start + max < list.length) body.nextPageToken = Buffer.from(String(start + max)).toString('base64url');
        return json(res, 200, body);
      }
    }
  });

  // Jetstream: a websocket at /subscribe replaying events from ?cursor= (time_us) for the wanted collections.
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    s.requests.push({ service: 'jetstream', url, headers: req.headers });
    const scripted = next('jetstream');
    if (scripted || url.pathname !== '/subscribe') {
      const st = scripted?.status ?? 404;
      const hdrs = Object.entries(scripted?.headers ?? {})
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.end(`HTTP/1.1 ${st} ${st === 429 ? 'Too Many Requests' : 'Error'}\r\n${hdrs}content-length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      const wanted = url.searchParams.getAll('wantedCollections');
      const cursor = Number(url.searchParams.get('cursor') ?? 0);
      for (const e of s.jetstream) {
        if (e.time_us < cursor) continue;
        if (e.kind === 'commit' && wanted.length && !wanted.includes(e.commit.collection)) continue;
        ws.send(JSON.stringify(e));
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    state: s,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/subscribe`,
    /** The next answer(s) of a service, e.g. a 429 with its rate-limit headers. */
    script(svc: Service, ...answers: Array<{ status: number; headers?: Record<string, string>; body?: unknown }>) {
      const list = s.scripted.get(svc) ?? [];
      list.push(
        ...answers.map((a) => ({ status: a.status, headers: a.headers ?? {}, body: typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? {}) })),
      );
      s.scripted.set(svc, list);
    },
    requestsTo: (svc: Service) => s.requests.filter((r) => r.service === svc),
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeNetwork = Awaited<ReturnType<typeof startFakeNetwork>>;
