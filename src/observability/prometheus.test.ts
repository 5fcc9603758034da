import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listen } from '../http/listen.js';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { setLogLevel } from '../lib/log.js';
import { testDialect } from '../test/store.js';

const TOKEN = 'scrape-token-0123456789';
let t: TestApp;
let w: TestWorkspace;
let server: Server;
let base = '';
beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_METRICS_TOKEN: TOKEN, HEARKEN_ACCESS_LOG: 'all' });
  w = await buildWorkspace(t);
  server = await new Promise<Server>((resolve) => {
    const s = listen(t.app, t.http, { port: 0, hostname: '127.0.0.1' }, (info) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve(s);
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

const scrape = async () => {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};
/** The value of one series, by name and an optional label fragment. */
const value = (text: string, name: string, labels = '') => {
  const line = text.split('\n').find((l) => l.startsWith(name) && !l.startsWith(`${name}_`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

describe(`Prometheus /metrics (${testDialect})`, () => {
  it('needs the configured token, and does not exist without one', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456780' } })).status).toBe(401);
    const off = await buildTestApp();
    try {
      const res = await off.req('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(404);
      expect((await res.json()).error.message).toMatch(/HEARKEN_METRICS_TOKEN/);
    } finally {
      await off.close();
    }
  });

  it('reports the intake backlog and its age, then its drain', async () => {
    const t0 = t.app.now();
    for (let i = 0; i < 3; i++) expect((await deliver(t, w, buildInbound())).status).toBe(200);
    const realNow = t.app.now;
    t.app.now = () => t0 + 42_000;
    try {
      const before = await scrape();
      expect(value(before, 'hearken_intake_pending')).toBe(3);
      expect(value(before, 'hearken_intake_lag_seconds')).toBeGreaterThanOrEqual(41);
    } finally {
      t.app.now = realNow;
    }
    while ((await processJournalBatch(t.app)) > 0);
    const after = await scrape();
    expect(value(after, 'hearken_intake_pending')).toBe(0);
    expect(value(after, 'hearken_intake_lag_seconds')).toBe(0);
  });

  it('counts the outbox by state and the age of the oldest due send', async () => {
    const conv = (await (await t.req('GET', '/api/v1/conversations', { token: w.token })).json()).conversations[0];
    const reply = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: 'On its way!' } });
    expect(reply.status).toBeLessThan(300);
    const text = await scrape();
    expect(value(text, 'hearken_jobs', 'name="outbox.send",state="pending"')).toBe(1);
    expect(value(text, 'hearken_job_oldest_due_seconds', 'name="outbox.send"')).toBeGreaterThanOrEqual(0);
  });

  it('labels HTTP latency by route pattern, not by raw path, with the process metrics beside it', async () => {
    const conv = (await (await t.req('GET', '/api/v1/conversations', { token: w.token })).json()).conversations[0];
    expect((await fetch(`${base}/api/v1/conversations/${conv.id}`, { headers: { authorization: `Bearer ${w.token}` } })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/no/such/${conv.id}`)).status).toBe(404);
    const text = await scrape();
    expect(value(text, 'hearken_http_request_duration_seconds_count', 'route="/api/v1/conversations/:id",method="GET",status="2xx"')).toBe(1);
    expect(value(text, 'hearken_http_request_duration_seconds_count', 'route="/webhooks/:channelId",method="POST",status="2xx"')).toBe(3);
    expect(text).not.toContain(conv.id);
    expect(value(text, 'hearken_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^hearken_reactor_lag_events/m);
  });

  it('logs one JSON line per request with the id the client saw, without the query string', async () => {
    const lines: string[] = [];
    setLogLevel('info'); // the suite runs silent (vitest.config.ts)
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const res = await fetch(`${base}/api/v1/conversations?q=secret-search`, {
        headers: { authorization: `Bearer ${w.token}`, 'x-request-id': 'req-abc-123' },
      });
      expect(res.headers.get('x-request-id')).toBe('req-abc-123');
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      spy.mockRestore();
      setLogLevel('silent');
    }
    const entry = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'http' && l.requestId === 'req-abc-123');
    expect(entry).toMatchObject({ level: 'info', method: 'GET', path: '/api/v1/conversations', status: 200 });
    expect(JSON.stringify(entry)).not.toContain('secret-search');
  });
});
