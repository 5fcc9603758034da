import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { createChannel } from '../channel-admin/create-channel.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { fetchMedia, setMediaConnectForTests } from './fetch-media.js';
import { LocalMediaStore } from './storage.js';
import { isAllowedMediaHost } from './allowed-hosts.js';
import type { StoredAttachment } from './fetch-media-job.js';

const MAX = 4096;
const photo = randomBytes(1500);
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(100)]);
const hits = new Map<string, number>();
let flaky = 0;

/** Plays the networks' CDNs: every allowed host is routed here by the test hook, by path. */
function cdn(): Server {
  return createServer((req, res) => {
    const p = new URL(req.url!, 'http://x').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    if (p === '/photo.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
    if (p === '/doc.pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
    if (p === '/big.jpg') {
      // No content-length: the limit must hold while streaming.
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      for (let i = 0; i < 4; i++) res.write(randomBytes(2048));
      return res.end();
    }
    if (p === '/page.jpg') return res.writeHead(200, { 'content-type': 'text/html' }).end('<script>alert(1)</script>');
    if (p === '/away.jpg') return res.writeHead(302, { location: 'https://evil.example.com/photo.jpg' }).end();
    if (p === '/hop.jpg') return res.writeHead(301, { location: 'https://scontent-b.xx.fbcdn.net/photo.jpg' }).end();
    if (p === '/slow.jpg') return void res.writeHead(200, { 'content-type': 'image/jpeg' }).write(photo.subarray(0, 10)); // and never ends
    if (p === '/flaky.jpg') return ++flaky === 1 ? res.writeHead(503).end('busy') : res.writeHead(200, { 'content-type': 'image/png' }).end(photo);
    return res.writeHead(404).end('not found');
  });
}

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
let meta: { channelId: string; signingSecret: string };
let server: Server;

beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_MEDIA_MAX_BYTES: String(MAX), HEARKEN_MEDIA_TIMEOUT_MS: '5000' });
  server = cdn();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  setMediaConnectForTests((u) => new URL(`http://127.0.0.1:${port}${u.pathname}${u.search}`));
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other Co' });
  // An API channel that speaks for a Meta Page: attachments are judged against Meta's hosts.
  const ch = await createChannel(t.app, { workspaceId: w.workspaceId, type: 'api', name: 'Page bridge', settings: { network: 'facebook' } });
  meta = { channelId: ch.id, signingSecret: ch.secrets.signingSecret };
});

afterAll(async () => {
  setMediaConnectForTests(null);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t.close();
});

const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};

async function receive(attachments: Array<{ type: string; url?: string; name?: string }>, via: { channelId: string; signingSecret: string } = meta) {
  const ev = buildInbound({ attachments });
  expect((await deliver(t, via, ev)).status).toBeLessThan(300);
  await drain();
  return ev.id as string;
}

async function attachmentsOf(externalId: string): Promise<StoredAttachment[]> {
  const row = await t.app.store.db.selectFrom('messages').select('attachments').where('external_id', '=', externalId).executeTakeFirstOrThrow();
  return JSON.parse(row.attachments);
}

const mediaJobs = () => t.app.store.db.selectFrom('jobs').selectAll().where('name', '=', 'media.fetch').execute();

describe('media fetch', () => {
  it('stores an attachment from the network host and serves it to the workspace only', async () => {
    const id = await receive([
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/photo.jpg?oh=1' },
      { type: 'file', url: 'https://lookaside.fbsbx.com/doc.pdf', name: 'invoice.pdf' },
    ]);
    await runDueJobs(t.app);
    const [img, doc] = await attachmentsOf(id);
    const key = createHash('sha256').update(photo).digest('hex');
    expect(img).toMatchObject({
      type: 'image',
      url: 'https://scontent.xx.fbcdn.net/photo.jpg?oh=1',
      stored: key,
      size: photo.length,
      contentType: 'image/jpeg',
    });
    expect(doc).toMatchObject({ name: 'invoice.pdf', contentType: 'application/pdf', size: pdf.length });

    const res = await t.req('GET', `/api/v1/media/${key}`, { token: w.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe('inline');
    expect(res.headers.get('cache-control')).toContain('max-age');
    expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true);

    const pdfRes = await t.req('GET', `/api/v1/media/${doc.stored}`, { token: w.token });
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    expect(pdfRes.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await pdfRes.arrayBuffer()).equals(pdf)).toBe(true);

    // The message API shows the stored copy; another workspace, a stranger and a made-up key get nothing.
    expect((await t.req('GET', `/api/v1/media/${key}`, { token: other.token })).status).toBe(404);
    expect((await t.req('GET', `/api/v1/media/${key}`)).status).toBe(401);
    expect((await t.req('GET', `/api/v1/media/${'0'.repeat(64)}`, { token: w.token })).status).toBe(404);
    expect((await t.req('GET', `/api/v1/media/..%2F..%2Fsecret.key`, { token: w.token })).status).toBe(404);
    const ev = await t.app.store.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'message.media_updated')
      .where('workspace_id', '=', w.workspaceId)
      .execute();
    expect(ev.length).toBeGreaterThan(0);
  });

  it('refuses a host that is not the network own, without fetching anything', async () => {
    const before = hits.get('/photo.jpg') ?? 0;
    const id = await receive([
      { type: 'image', url: 'https://evil.example.com/photo.jpg' },
      { type: 'image', url: 'http://scontent.xx.fbcdn.net/photo.jpg' },
      { type: 'image', url: 'https://pbs.twimg.com/photo.jpg' },
    ]);
    await runDueJobs(t.app);
    const [a, b, c] = await attachmentsOf(id);
    expect(a.error).toMatch(/evil\.example\.com is not one of facebook's media hosts/);
    expect(b.error).toMatch(/only https/);
    expect(c.error).toMatch(/pbs\.twimg\.com is not one/);
    expect(a.stored ?? b.stored ?? c.stored).toBeUndefined();
    expect(hits.get('/photo.jpg') ?? 0).toBe(before);
  });

  it('aborts a download larger than the limit while it streams', async () => {
    const id = await receive([{ type: 'image', url: 'https://scontent.xx.fbcdn.net/big.jpg' }]);
    await runDueJobs(t.app);
    const [a] = await attachmentsOf(id);
    expect(a.error).toBe(`not stored: larger than ${MAX} bytes`);
    expect(a.stored).toBeUndefined();
  });

  it('keeps a wrong content type as not stored, with the reason', async () => {
    const id = await receive([{ type: 'image', url: 'https://scontent.xx.fbcdn.net/page.jpg' }]);
    await runDueJobs(t.app);
    expect((await attachmentsOf(id))[0].error).toMatch(/content type text\/html is not an image/);
  });

  it('refuses a redirect to another host, follows one to another of the network hosts', async () => {
    const before = hits.get('/photo.jpg') ?? 0;
    const id = await receive([
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/away.jpg' },
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/hop.jpg' },
    ]);
    await runDueJobs(t.app);
    const [away, hop] = await attachmentsOf(id);
    expect(away.error).toMatch(/evil\.example\.com is not one of facebook's media hosts/);
    expect(hop.stored).toBe(createHash('sha256').update(photo).digest('hex'));
    expect(hits.get('/photo.jpg')).toBe(before + 1); // only the allowed hop
  });

  it('a 404 from the CDN is final; a 503 is retried with backoff', async () => {
    const id = await receive([
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/gone.jpg' },
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/flaky.jpg' },
    ]);
    await runDueJobs(t.app);
    let [gone, fl] = await attachmentsOf(id);
    expect(gone.error).toBe('not stored: scontent.xx.fbcdn.net answered 404');
    expect(fl.stored ?? fl.error).toBeUndefined();
    const pending = (await mediaJobs()).filter((j) => j.status === 'pending');
    expect(pending).toHaveLength(1);
    expect(pending[0].last_error).toMatch(/503/);
    expect(pending[0].run_at).toBeGreaterThan(t.app.now());

    const realNow = t.app.now;
    t.app.now = () => realNow() + 20 * 60_000;
    try {
      await runDueJobs(t.app);
    } finally {
      t.app.now = realNow;
    }
    [gone, fl] = await attachmentsOf(id);
    expect(fl).toMatchObject({ stored: createHash('sha256').update(photo).digest('hex'), contentType: 'image/png' });
    expect(gone.error).toMatch(/404/);
    expect(hits.get('/gone.jpg')).toBe(1); // the final refusal was not asked again
    expect((await mediaJobs()).every((j) => j.status === 'done')).toBe(true);
  });

  it('a download that outlasts the timeout is a transient failure', async () => {
    const r = await fetchMedia('https://scontent.xx.fbcdn.net/slow.jpg', 'facebook', { maxBytes: MAX, timeoutMs: 200, outbound: t.app.outbound });
    expect(r).toEqual({ ok: false, final: false, error: 'timed out after 200 ms' });
  });

  it('enqueues nothing for messages without URLs or from networks with no media hosts', async () => {
    const before = (await mediaJobs()).length;
    await receive([{ type: 'location', name: '1,2' }]);
    await receive([{ type: 'image', url: 'https://scontent.xx.fbcdn.net/photo.jpg' }], w); // plain API channel
    expect((await mediaJobs()).length).toBe(before);
  });
});

describe('media store and config', () => {
  it('stores content-addressed, atomically, and deletes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-media-'));
    const s = new LocalMediaStore(dir);
    const bytes = randomBytes(300);
    const k1 = await s.put(bytes, 'image/png');
    expect(await s.put(bytes, 'image/png')).toBe(k1);
    const got = await s.get(k1);
    expect(got).toMatchObject({ size: 300, contentType: 'image/png' });
    expect(Buffer.from(await new Response(got!.body()).arrayBuffer()).equals(bytes)).toBe(true);
    expect(readdirSync(path.join(dir, k1.slice(0, 2))).sort()).toEqual([k1, `${k1}.json`]); // no temporary files left
    await s.delete(k1);
    expect(await s.get(k1)).toBeNull();
    expect(await s.get('../../etc/passwd')).toBeNull();
  });

  it('validates the media settings at boot', () => {
    const base = { HEARKEN_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hearken-cfg-')), HEARKEN_SECRET_KEY: randomBytes(32).toString('hex') };
    const c = loadConfig(base);
    expect(c.media).toEqual({ dir: path.join(base.HEARKEN_DATA_DIR, 'media'), maxBytes: 25 * 1024 * 1024, timeoutMs: 30_000 });
    expect(() => loadConfig({ ...base, HEARKEN_MEDIA_MAX_BYTES: 'lots' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, HEARKEN_MEDIA_MAX_BYTES: '10' })).toThrow(/HEARKEN_MEDIA_MAX_BYTES/);
  });

  it('matches hosts exactly or as subdomains, never as look-alikes', () => {
    expect(isAllowedMediaHost('instagram', 'scontent-lga3-1.cdninstagram.com')).toBe(true);
    expect(isAllowedMediaHost('x', 'pbs.twimg.com')).toBe(true);
    expect(isAllowedMediaHost('x', 'evil.pbs.twimg.com')).toBe(false);
    expect(isAllowedMediaHost('facebook', 'fbcdn.net.evil.com')).toBe(false);
    expect(isAllowedMediaHost('facebook', 'evilfbcdn.net')).toBe(false);
    expect(isAllowedMediaHost('api', 'fbcdn.net')).toBe(false);
    expect(isAllowedMediaHost('toString', 'fbcdn.net')).toBe(false);
  });
});
