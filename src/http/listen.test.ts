import type { Server } from 'node:http';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { listen } from './listen.js';

const LIMIT = 1024 * 1024;
let t: TestApp;
let w: TestWorkspace;
let server: Server;
let port = 0;
beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_BODY_LIMIT_BYTES: String(LIMIT) });
  w = await buildWorkspace(t);
  server = await new Promise<Server>((resolve) => {
    const s = listen(t.app, t.http, { port: 0, hostname: '127.0.0.1' }, (info) => {
      port = info.port;
      resolve(s);
    });
  });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

/**
 * POSTs `size` bytes over a real socket the way many clients do (Python's requests, simple HTTP
 * libraries): the whole body first, at a network's pace, and only then the answer. Answers the
 * status and JSON the client read, or the socket error it got instead.
 */
function postBytes(path: string, size: number, o: { chunked?: boolean } = {}): Promise<{ status: number; json: any } | { error: string }> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let settled = false;
    const done = (r: { status: number; json: any } | { error: string }) => {
      if (settled) return;
      settled = true;
      sock.destroy();
      resolve(r);
    };
    sock.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
    sock.pause(); // nothing is read until the body is sent
    const framing = o.chunked ? 'transfer-encoding: chunked' : `content-length: ${size}`;
    const head = `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nauthorization: Bearer ${w.token}\r\n${framing}\r\n\r\n`;
    const piece = Buffer.alloc(64 * 1024, 'a');
    const write = (b: Buffer | string) => new Promise<void>((ok, fail) => sock.write(b, (err) => (err ? fail(err) : ok())));
    void (async () => {
      try {
        await write(head);
        for (let sent = 0; sent < size; sent += piece.length) {
          await write(o.chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
          await new Promise((r) => setTimeout(r, 20)); // a network's pace: the upload takes longer than a second
        }
        if (o.chunked) await write('0\r\n\r\n');
      } catch (err) {
        return done({ error: (err as NodeJS.ErrnoException).code ?? String(err) });
      }
      let text = '';
      sock.on('data', (c: Buffer) => {
        text += c.toString('utf8');
        const split = text.indexOf('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? Number.NaN);
        if (split >= 0 && text.length - split - 4 >= length) done({ status: Number(text.split(' ')[1]), json: JSON.parse(text.slice(split + 4)) });
      });
      sock.on('end', () => done({ error: `closed after ${JSON.stringify(text.slice(0, 40))}` }));
      sock.resume();
    })();
  });
}

describe(`oversized bodies on a real server (${testDialect})`, () => {
  it('a client sending twice the limit reads a 413 JSON error, not a connection reset', async () => {
    // The webhook fast path, an authenticated API route, a public one (all refuse before reading the body).
    const paths = [`/webhooks/${w.channelId}`, '/api/v1/saved-replies', '/api/v1/auth/login'];
    const seen: string[] = [];
    for (const path of paths)
      for (const chunked of [false, true]) {
        const r = await postBytes(path, 2 * LIMIT, { chunked });
        seen.push(`${path} ${chunked ? 'chunked' : 'length'}: ${'error' in r ? r.error : `${r.status} ${r.json.error?.code}`}`);
      }
    expect(seen).toEqual(paths.flatMap((p) => ['length', 'chunked'].map((how) => `${p} ${how}: 413 payload_too_large`)));
  });

  it('after a drained 413 the same connection serves the next request', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const once = (path: string, size: number) =>
      new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': size } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, socket: req.socket }));
          },
        );
        req.on('error', reject);
        req.end(Buffer.alloc(size, 'a'));
      });
    const first = await once('/api/v1/auth/login', 2 * LIMIT);
    const second = await once('/healthz-not-a-post', 10);
    agent.destroy();
    expect(first.status).toBe(413);
    expect(second.status).toBe(404);
    expect(second.socket).toBe(first.socket);
  });
});
