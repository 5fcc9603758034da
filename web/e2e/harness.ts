import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startIntakeWorker } from '../../src/processes/intake-worker.js';
import { startJobWorker } from '../../src/processes/job-worker.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../../src/test/app.js';
import { startFakeCallback } from '../../src/test/fake-callback.js';
import { ensureBundle } from './build-bundle.js';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SHOTS_DIR = process.env.HEARKEN_SHOTS_DIR ?? '/tmp/hearken-shots';

/**
 * A real Hearken on a fresh database, served over HTTP with the production bundle, its intake and
 * job workers running, a fake callback receiving replies, and a headless Chromium. The stream can
 * be cut and restored to test resuming.
 */
export async function startStack() {
  await ensureBundle();
  const t: TestApp = await buildTestApp();
  let w!: TestWorkspace;
  const fake = await startFakeCallback(() => w.signingSecret);
  w = await buildWorkspace(t, { callbackUrl: fake.url });
  const owner = await t.app.store.db.selectFrom('users').select(['email']).where('id', '=', w.ownerId).executeTakeFirstOrThrow();
  const stops = [startIntakeWorker(t.app), startJobWorker(t.app)];

  let streamDown = false;
  const streams = new Set<AbortController>();
  const server: ServerType = serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: (req: Request, env: unknown) => {
      if (new URL(req.url).pathname === '/api/v1/stream') {
        if (streamDown) return new Response('stream is down (test)', { status: 503 });
        const ctl = new AbortController();
        streams.add(ctl);
        return t.http.fetch(new Request(req, { signal: AbortSignal.any([req.signal, ctl.signal]) }), env as never);
      }
      return t.http.fetch(req, env as never);
    },
  });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({ executablePath: process.env.HEARKEN_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

  return {
    t,
    w,
    fake,
    url,
    browser,
    ownerEmail: owner.email,
    /** Closes every open stream and refuses new ones until restoreStream(). */
    dropStream() {
      streamDown = true;
      for (const c of streams) c.abort();
      streams.clear();
    },
    restoreStream() {
      streamDown = false;
    },
    inbound: (overrides: Record<string, unknown>) => deliver(t, w, buildInbound(overrides)),
    member: (role: 'viewer' | 'agent' | 'admin', name: string) => buildMember(t, w.workspaceId, role, name),
    async close() {
      await browser.close().catch(() => undefined);
      for (const c of streams) c.abort();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const stop of stops) await stop();
      await fake.close();
      await t.close();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** A fresh browser context signed in through the sign-in form; fails on any page error. */
export async function signIn(
  stack: Stack,
  email: string,
  password: string,
  viewport = { width: 1280, height: 800 },
  /** More context settings: a time zone (`timezoneId`), a locale… */
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await stack.browser.newContext({ ...options, viewport, baseURL: stack.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('nav.sidebar').waitFor();
  return { context, page, errors };
}

/** The id of the newest conversation whose contact has this name (through the API). */
export async function conversationOf(stack: Stack, contactName: string, timeoutMs = 5000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await stack.t.req('GET', '/api/v1/conversations?limit=100&status=open,pending,resolved,snoozed', { token: stack.w.token });
    const body = (await res.json()) as { conversations: Array<{ id: string; contact: { name: string } }> };
    const c = body.conversations.find((x) => x.contact.name === contactName);
    if (c) return c.id;
    if (Date.now() > until) throw new Error(`no conversation for ${contactName}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function until<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
