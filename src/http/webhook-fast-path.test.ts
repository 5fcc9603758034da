import type { Server } from 'node:http';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../channels/api/signature.js';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { listen } from './listen.js';
import { webhookFastPath } from './webhook-fast-path.js';

let t: TestApp;
let w: TestWorkspace;
let server: Server;
let port = 0;
beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_BODY_LIMIT_BYTES: '4096' });
  w = await buildWorkspace(t);
  server = await new Promise<Server>((resolve) => {
    const s = listen(t.app, t.http, { port: 0, hostname: '127.0.0.1' }, (info) => {
      port = info.port;
      resolve(s);
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

/** A real HTTP POST to the running server (not app.request: this is the fast path's whole point). */
function post(
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const signed = (body: string, secret = w.signingSecret) => signBody(secret, body, t.app.now());
const journalCount = async () =>
  Number(
    (
      await t.app.store.db
        .selectFrom('journal')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', w.workspaceId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`webhook fast path on a real server (${testDialect})`, () => {
  it('journals a signed delivery, answers like the API, and the message arrives once', async () => {
    const body = JSON.stringify(buildInbound({ from: { id: 'fast-1', name: 'Lan' }, text: 'Giao hàng chậm quá' }));
    const res = await post(`/webhooks/${w.channelId}`, body, { ...signed(body), 'x-request-id': 'req-fast-1' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, journalId: expect.any(Number) });
    expect(res.headers['x-request-id']).toBe('req-fast-1');
    const again = await post(`/webhooks/${w.channelId}`, body, signed(body));
    expect(again.status).toBe(200);
    while ((await processJournalBatch(t.app)) > 0);
    const msgs = await t.app.store.db
      .selectFrom('messages')
      .select('body')
      .where('workspace_id', '=', w.workspaceId)
      .where('body', '=', 'Giao hàng chậm quá')
      .execute();
    expect(msgs).toHaveLength(1);
  });

  it('refuses a wrong signature with 401 and the API error body, journaling nothing', async () => {
    const before = await journalCount();
    const body = JSON.stringify(buildInbound());
    const res = await post(`/webhooks/${w.channelId}`, body, signed(body, 'not-the-secret'));
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('invalid_signature');
    expect(await journalCount()).toBe(before);
  });

  it('answers 404 for an unknown channel, 400 for signed non-JSON (kept as failed), 413 over the limit', async () => {
    expect((await post('/webhooks/nope', '{}', signed('{}'))).json.error.code).toBe('not_found');
    const broken = '{"type": "message", ';
    const bad = await post(`/webhooks/${w.channelId}`, broken, signed(broken));
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual([{ field: '(body)', reason: 'must be valid JSON' }]);
    const failed = await t.app.store.db
      .selectFrom('journal')
      .select('error')
      .where('workspace_id', '=', w.workspaceId)
      .where('status', '=', 'failed')
      .execute();
    expect(failed.map((f) => f.error)).toContain('body is not valid JSON');
    const before = await journalCount();
    const huge = JSON.stringify(buildInbound({ text: 'x'.repeat(5000) }));
    const tooBig = await post(`/webhooks/${w.channelId}`, huge, signed(huge));
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error.code).toBe('payload_too_large');
    expect(await journalCount()).toBe(before);
  });

  it('takes only POST /webhooks/:id; the rest goes on to the API (the handshake GET, other routes)', async () => {
    const fast = webhookFastPath(t.app);
    const untouched = (method: string, url: string) => fast({ method, url } as never, {} as never);
    expect(untouched('GET', `/webhooks/${w.channelId}?hub.mode=subscribe`)).toBe(false);
    expect(untouched('POST', '/api/conversations')).toBe(false);
    expect(untouched('POST', '/webhooks/a/b')).toBe(false);
    const health = await new Promise<number>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: '/healthz' }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
        .on('error', reject)
        .end(),
    );
    expect(health).toBe(200);
    const other = await post('/api/auth/login', JSON.stringify({ email: 'nobody@example.com', password: 'wrong-password-1' }));
    expect(other.status).toBeGreaterThanOrEqual(400);
    expect(other.json.error.code).toBeDefined();
  });
});
