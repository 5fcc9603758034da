import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_ALLOW_LIST, parseHostAllowList } from '../lib/host-allow-list.js';
import { outboundErrorText } from './outbound-errors.js';
import { createOutbound, OutboundRefused } from './outbound-http.js';

let server: Server;
let origin: string;
const seen: Array<{ url: string; method: string; auth?: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', method: req.method ?? '', auth: req.headers.authorization });
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/hop') return void res.writeHead(302, { location: `/hop?n=${Number(u.searchParams.get('n') ?? 0) + 1}` }).end();
    if (u.pathname === '/to') return void res.writeHead(Number(u.searchParams.get('s') ?? 302), { location: u.searchParams.get('l')! }).end();
    if (u.pathname === '/big') return void res.writeHead(200).end('x'.repeat(5000));
    if (u.pathname === '/gz') return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('y'.repeat(5000)));
    if (u.pathname === '/slow') return; // never answers
    if (u.pathname === '/trickle') return void res.writeHead(200).write('part'); // a body that never ends
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`${req.method} ${body}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const strict = () => createOutbound({ allow: EMPTY_ALLOW_LIST, maxBytes: 1000, timeoutMs: 2000 });
const local = () => createOutbound({ allow: parseHostAllowList('127.0.0.1'), maxBytes: 1000, timeoutMs: 2000 });

describe('outbound client: public addresses only', () => {
  it.each([
    'http://127.0.0.1/',
    'http://[::1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.5/',
    'http://192.168.0.1/',
    'http://172.16.5.4/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://localhost/',
    'http://api.localhost/',
    'http://224.0.0.1/',
  ])('refuses %s before connecting', async (url) => {
    const c = strict();
    await expect(c.fetch(url)).rejects.toThrow(OutboundRefused);
    await expect(c.fetch(url)).rejects.toThrow(/is not a public address/);
    c.close();
  });

  it('refuses a name that resolves to loopback, in the connection lookup (DNS rebinding is judged there)', async () => {
    // A hostile DNS server: a public answer for whoever checks first, loopback for the connection.
    let calls = 0;
    const resolve = ((_h: string, _o: unknown, cb: (e: null, a: Array<{ address: string; family: number }>) => void) => {
      calls++;
      cb(null, [{ address: calls === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 }]);
    }) as never;
    const c = createOutbound({ allow: EMPTY_ALLOW_LIST, maxBytes: 1000, timeoutMs: 2000, resolve });
    const port = new URL(origin).port;
    calls = 1; // the "check" already happened elsewhere: the connection's own lookup gets loopback
    const n = seen.length;
    const err = await c.fetch(`http://rebind.example:${port}/secret`).catch((e) => e);
    expect(err).toBeInstanceOf(OutboundRefused);
    expect(err.message).toBe(
      'rebind.example is not a public address: Hearken does not call loopback, private, link-local or other internal addresses (an operator can allow one with HEARKEN_OUTBOUND_ALLOW)',
    );
    expect(seen.length).toBe(n);
    // Any non-public address among the answers refuses the name (happy eyeballs could pick it).
    const mixed = createOutbound({
      allow: EMPTY_ALLOW_LIST,
      maxBytes: 1000,
      timeoutMs: 2000,
      resolve: ((_h: string, _o: unknown, cb: (e: null, a: Array<{ address: string; family: number }>) => void) =>
        cb(null, [
          { address: '93.184.216.34', family: 4 },
          { address: '::1', family: 6 },
        ])) as never,
    });
    await expect(mixed.fetch(`http://mixed.example:${port}/`)).rejects.toThrow(OutboundRefused);
    // An allowed name passes whatever it resolves to.
    const named = createOutbound({ allow: parseHostAllowList('rebind.example'), maxBytes: 1000, timeoutMs: 2000, resolve });
    expect((await named.fetch(`http://rebind.example:${port}/echo`)).status).toBe(200);
    for (const x of [c, mixed, named]) x.close();
  });

  it('refuses other schemes and URLs with credentials', async () => {
    const c = strict();
    await expect(c.fetch('file:///etc/passwd')).rejects.toThrow(/only http and https/);
    await expect(c.fetch('ftp://example.com/')).rejects.toThrow(/only http and https/);
    await expect(c.fetch('http://u:p@example.com/')).rejects.toThrow(/credentials/);
    c.close();
  });

  it('re-checks every redirect hop: a public-looking hop to loopback is refused', async () => {
    // The first hop is allowed by name; the redirect to 127.0.0.1 is judged again.
    const c = createOutbound({ allow: parseHostAllowList('localhost'), maxBytes: 1000, timeoutMs: 2000 });
    const port = new URL(origin).port;
    const n = seen.length;
    const err = await c.fetch(`http://localhost:${port}/to?l=${encodeURIComponent(`http://127.0.0.1:${port}/secret`)}`).catch((e) => e);
    expect(err).toBeInstanceOf(OutboundRefused);
    expect(seen.slice(n).map((s) => s.url)).not.toContain('/secret');
    c.close();
  });

  it('lets the operator allow an address, and then works like fetch (methods, bodies, redirects)', async () => {
    const c = local();
    const r = await c.fetch(`${origin}/echo`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('POST hello');
    const form = new FormData();
    form.set('a', 'b');
    expect(await (await c.fetch(`${origin}/echo`, { method: 'POST', body: form })).text()).toMatch(/name="a"/);
    // 303 turns a POST into a GET without body; 307 keeps both.
    const see = await c.fetch(`${origin}/to?s=303&l=/echo`, { method: 'POST', body: 'x' });
    expect(await see.text()).toBe('GET ');
    const keep = await c.fetch(`${origin}/to?s=307&l=/echo`, { method: 'POST', body: 'x' });
    expect(await keep.text()).toBe('POST x');
    const manual = await c.fetch(`${origin}/to?l=/echo`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    c.close();
  });

  it('drops credentials on a redirect to another origin', async () => {
    const c = createOutbound({ allow: parseHostAllowList('127.0.0.1,localhost'), maxBytes: 1000, timeoutMs: 2000 });
    const port = new URL(origin).port;
    const n = seen.length;
    await c.fetch(`${origin}/to?l=${encodeURIComponent(`http://localhost:${port}/echo`)}`, { headers: { authorization: 'Bearer secret' } });
    expect(seen.slice(n).map((s) => s.auth)).toEqual(['Bearer secret', undefined]);
    c.close();
  });

  it('limits redirects, body size and time', async () => {
    const c = local();
    await expect(c.fetch(`${origin}/hop`)).rejects.toThrow(/more than 5 redirects/);
    const big = await c.fetch(`${origin}/big`);
    const err = await big.text().catch((e) => e);
    expect(outboundErrorText(err)).toBe('the answer was larger than 1000 bytes');
    // The limit counts decompressed bytes (a small gzip cannot smuggle a large body).
    await expect((await c.fetch(`${origin}/gz`)).text()).rejects.toThrow(/larger than 1000 bytes/);
    expect((await (await c.fetch(`${origin}/gz`, { maxBytes: 10_000 })).text()).length).toBe(5000);
    const slow = await c.fetch(`${origin}/slow`, { timeoutMs: 150 }).catch((e) => e);
    expect(outboundErrorText(slow)).toBe('timed out');
    c.close();
  });

  it('a body left unread, or a HEAD answer, outlives its time budget without an unhandled error', async () => {
    const c = local();
    const head = await c.fetch(`${origin}/echo`, { method: 'HEAD', timeoutMs: 50 });
    expect(head.status).toBe(200);
    const unread = await c.fetch(`${origin}/trickle`, { timeoutMs: 50 });
    expect(unread.status).toBe(200);
    await new Promise((r) => setTimeout(r, 150)); // both budgets end here; vitest fails the run on an uncaught error
    const err = await unread.text().catch((e) => e);
    expect(outboundErrorText(err)).toBe('timed out');
    c.close();
  });

  it('lets Hearken itself allow one exact path prefix (the demo callback), and nothing beside it', async () => {
    const c = strict();
    c.allowPrefix(`${origin}/demo/callback/`);
    expect((await c.fetch(`${origin}/demo/callback/ch1`, { method: 'POST', body: 'x' })).status).toBe(200);
    await expect(c.fetch(`${origin}/api/v1/me`)).rejects.toThrow(OutboundRefused);
    c.close();
  });

  it('checks websocket URLs the same way', () => {
    const c = strict();
    expect(() => c.socketOptions(new URL('ws://127.0.0.1:1234/'))).toThrow(OutboundRefused);
    expect(typeof c.socketOptions(new URL('wss://jetstream2.us-east.bsky.network/subscribe')).lookup).toBe('function');
    c.close();
  });
});
