import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { createApp, type App } from '../app.js';
import { loadConfig, type Config } from '../config/index.js';
import { buildHttp } from '../http/server.js';
import type { HonoEnv } from '../http/context.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { createApiToken } from '../auth/api-tokens.js';
import { createChannel } from '../channel-admin/create-channel.js';
import { defaultSenders } from '../outbox/default-senders.js';
import { signBody } from '../channels/api/signature.js';
import { createTestDb, type TestDb } from './store.js';
import { openStore } from '../store/db.js';
import type { ChannelTable, Role } from '../store/schema.js';
import { unsealChannel } from '../channels/load-channel.js';
import { journalContext } from '../intake/journal.js';
import { newId } from '../lib/ids.js';
import { hashPassword } from '../auth/passwords.js';

export interface TestApp {
  app: App;
  http: Hono<HonoEnv>;
  db: TestDb;
  config: Config;
  close(): Promise<void>;
  /** app.request with JSON helpers. */
  req(method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
}

/** What buildTestApp allows the outbound client to reach: the loopback fakes tests run. */
export const TEST_OUTBOUND_ALLOW = '127.0.0.1,::1,localhost';

/** A production-like outbound policy: public addresses only, real network hosts (pass to buildTestApp). */
export const PRODUCTION_OUTBOUND = { HEARKEN_OUTBOUND_ALLOW: '', HEARKEN_ALLOW_NETWORK_BASE_URL: 'false' };

/** A real app on a real, fresh database (the dialect HEARKEN_TEST_DB names), called through app.request(). */
export async function buildTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDb();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hearken-data-'));
  const config = {
    ...loadConfig({
      HEARKEN_DATA_DIR: dataDir,
      HEARKEN_SECRET_KEY: randomBytes(32).toString('hex'),
      HEARKEN_DEMO: 'false',
      // The tests' fake networks, callbacks and feeds listen on this machine, and fake networks
      // stand in for the real hosts through apiBaseUrl. SSRF tests pass both back to the defaults.
      HEARKEN_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW,
      HEARKEN_ALLOW_NETWORK_BASE_URL: 'true',
      ...env,
    }),
    db: db.config,
  };
  return wrapApp(createApp(config, db.store, defaultSenders()), db);
}

/**
 * A second app over the same database through connections of its own (another SQLite connection
 * to the file, another PostgreSQL pool): what another process of a deployment sees. With `listen`
 * its bus relays through LISTEN/NOTIFY, as main.ts sets up on PostgreSQL. Closing it leaves the
 * database to `t`.
 */
export async function buildPeerApp(t: TestApp, o: { config?: Partial<Config>; listen?: boolean } = {}): Promise<TestApp> {
  const store = openStore(t.db.config);
  const config = { ...t.config, ...o.config };
  const app = createApp(config, store, defaultSenders());
  if (o.listen) await app.bus.listen();
  return wrapApp(app, { config: t.db.config, store, cleanup: () => store.close() });
}

function wrapApp(app: App, db: TestDb): TestApp {
  const http = buildHttp(app);
  return {
    app,
    http,
    db,
    config: app.config,
    async close() {
      app.outbound.close();
      await app.bus.close();
      await db.cleanup();
    },
    req(method, url, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      }
      return Promise.resolve(http.request(url, { method, headers, body }));
    },
  };
}

export interface TestWorkspace {
  workspaceId: string;
  ownerId: string;
  token: string;
  channelId: string;
  signingSecret: string;
}

/** A workspace with an owner, an API token and an API channel — the usual starting point. */
export async function buildWorkspace(t: TestApp, overrides: { name?: string; callbackUrl?: string } = {}): Promise<TestWorkspace> {
  const now = t.app.now();
  const ws = await createWorkspace(t.app.store.db, {
    name: overrides.name ?? 'Acme',
    ownerEmail: `owner-${newId()}@example.com`,
    ownerName: 'Olivia Owner',
    password: 'correct horse battery',
    now,
  });
  const { token } = await createApiToken(t.app.store.db, { workspaceId: ws.workspaceId, userId: ws.ownerId, name: 'test', now });
  const ch = await createChannel(t.app, {
    workspaceId: ws.workspaceId,
    type: 'api',
    name: 'Custom source',
    settings: overrides.callbackUrl ? { callbackUrl: overrides.callbackUrl } : {},
  });
  return { workspaceId: ws.workspaceId, ownerId: ws.ownerId, token, channelId: ch.id, signingSecret: ch.secrets.signingSecret };
}

/** Adds a member with a role and returns an API token for them. */
export async function buildMember(t: TestApp, workspaceId: string, role: Role, name = 'Alex Agent') {
  const now = t.app.now();
  const id = newId(now);
  await t.app.store.db
    .insertInto('users')
    .values({ id, email: `${role}-${id}@example.com`, name, password_hash: await hashPassword('pw-' + id), created_at: now })
    .execute();
  await t.app.store.db.insertInto('memberships').values({ workspace_id: workspaceId, user_id: id, role, created_at: now }).execute();
  const { token } = await createApiToken(t.app.store.db, { workspaceId, userId: id, name: 'test', now });
  return { userId: id, token, email: `${role}-${id}@example.com`, password: 'pw-' + id };
}

/** Posts a signed delivery to the API channel's webhook, as a custom source would. */
export function deliver(t: TestApp, w: Pick<TestWorkspace, 'channelId' | 'signingSecret'>, payload: unknown) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return Promise.resolve(
    t.http.request(`/webhooks/${w.channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signBody(w.signingSecret, body, t.app.now()) },
      body,
    }),
  );
}

/** A network poll's arguments as the scheduler passes them (src/processes/pollers.ts): its context, and the channel opened. */
export function pollArgs(app: App, row: ChannelTable) {
  return [journalContext(app), unsealChannel(row, app.config)] as const;
}

let seq = 0;
/** A customer message event for the API channel; override any field. */
export function buildInbound(overrides: Record<string, unknown> = {}) {
  seq++;
  return { type: 'message', id: `ext-${newId()}-${seq}`, from: { id: 'cust-1', name: 'Ana Lima', handle: '@ana' }, text: 'Where is my order?', ...overrides };
}
