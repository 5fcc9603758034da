import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../src/app.js';
import { signBody } from '../../src/channels/api/signature.js';
import { signMetaBody } from '../../src/channels/meta/webhook.js';
import { createChannel } from '../../src/channel-admin/create-channel.js';
import { loadConfig } from '../../src/config/index.js';
import { migrate, openStore } from '../../src/store/db.js';
import { createWorkspace } from '../../src/workspaces/create-workspace.js';
import { spoolBacklogBytes } from '../../src/intake/spool/drain.js';
import { loadCorpus, messageText, pick, rng, skewed } from './corpus.js';
import type { Req } from './http-load.js';

/**
 * A fresh embedded database with one workspace and one API channel, ready for a Hearken child
 * process (`env`), plus a read-only connection of our own to watch the journal drain.
 */
export type BenchNetwork = 'api' | 'messenger';

/** Which deliveries a bench sends: API-channel batches, or Meta webhook batches for a Page. */
export type DeliveryMaker = (channelId: string, secret: string, perPost: number, seed?: number) => () => Req;

export interface IntakeEnv {
  env: Record<string, string>;
  channelId: string;
  signingSecret: string;
  /** Deliveries signed for this env's channel, in its network's format. */
  deliveries(perPost: number, seed?: number): () => Req;
  reader: Database.Database;
  /** Deliveries not yet processed (the backlog the worker has to drain). */
  pending(): number;
  /** Message rows and search documents stored, failed journal entries, and when the last message was stored. */
  counts(): { messages: number; docs: number; failed: number; lastStoredAt: number };
  cleanup(): void;
}

const BENCH_PAGE_ID = '1000000001';

/** Extra setup inside the fresh database before the child starts (e.g. the rules a bench runs with). */
export type EnvSeed = (app: ReturnType<typeof createApp>, workspaceId: string, channelId: string) => Promise<void>;

export async function createIntakeEnv(network: BenchNetwork = 'api', seed?: EnvSeed): Promise<IntakeEnv> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-bench-'));
  const env = {
    HEARKEN_DATA_DIR: dir,
    HEARKEN_DATABASE_URL: `sqlite:${path.join(dir, 'hearken.db')}`,
    HEARKEN_SECRET_KEY: randomBytes(32).toString('hex'),
    HEARKEN_DEMO: 'false',
  };
  const config = loadConfig(env);
  const store = openStore(config.db);
  await migrate(store);
  const app = createApp(config, store, new Map());
  const now = Date.now();
  const ws = await createWorkspace(store.db, { name: 'Bench', ownerEmail: 'owner@bench.example', ownerName: 'Owner', password: 'bench-password-1', now });
  const ch =
    network === 'api'
      ? await createChannel(app, { workspaceId: ws.workspaceId, type: 'api', name: 'Bench source' })
      : await createChannel(app, {
          workspaceId: ws.workspaceId,
          type: 'messenger',
          name: 'Bench Page',
          settings: { pageId: BENCH_PAGE_ID, appSecret: 'bench-app-secret-0123456789', pageAccessToken: 'EAAB-bench-page-token' },
        });
  const secret = network === 'api' ? ch.secrets.signingSecret! : 'bench-app-secret-0123456789';
  const make: DeliveryMaker = network === 'api' ? deliveries : metaDeliveries;
  if (seed) await seed(app, ws.workspaceId, ch.id);
  await app.bus.close();
  await store.close();

  const reader = new Database(path.join(dir, 'hearken.db'), { readonly: true });
  const pendingStmt = reader.prepare("SELECT count(*) AS n FROM journal WHERE status = 'pending'");
  const spoolStmt = reader.prepare('SELECT segment, position FROM intake_spool');
  return {
    env,
    channelId: ch.id,
    signingSecret: secret,
    deliveries: (perPost, seed) => make(ch.id, secret, perPost, seed),
    reader,
    // Deliveries still in the intake spool (embedded mode's worker thread) count as pending too.
    pending: () =>
      (pendingStmt.get() as { n: number }).n +
      (spoolBacklogBytes(
        path.join(dir, 'hearken.db'),
        new Map((spoolStmt.all() as Array<{ segment: string; position: number }>).map((r) => [r.segment, Number(r.position)])),
      ) > 0
        ? 1
        : 0),
    counts: () => ({
      messages: (reader.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n,
      docs: (reader.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n,
      failed: (reader.prepare("SELECT count(*) AS n FROM journal WHERE status = 'failed'").get() as { n: number }).n,
      lastStoredAt: Number((reader.prepare('SELECT max(created_at) AS t FROM messages').get() as { t: number | null }).t ?? 0),
    }),
    cleanup() {
      reader.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Signed API-channel deliveries of `perPost` customer messages each: unique ids, 5,000 customers
 * (a few write often, most rarely: so threads both start and continue), mostly DMs with some
 * public comments, texts from the multilingual corpus. Signed at send time, as a source would.
 */
export function deliveries(channelId: string, secret: string, perPost: number, seed = 7): () => Req {
  const r = rng(seed);
  const corpus = loadCorpus();
  let seq = 0;
  const run = randomBytes(4).toString('hex');
  return () => {
    const events = [];
    for (let i = 0; i < perPost; i++) {
      const customer = skewed(r, 5000);
      const comment = r() < 0.2;
      events.push({
        type: 'message',
        id: `m-${run}-${++seq}`,
        from: { id: `cust-${customer}`, name: `Customer ${customer}`, handle: `@c${customer}` },
        text: messageText(r, corpus),
        conversation: comment ? { kind: 'comment', item_id: `post-${pick(r, [1, 2, 3, 4, 5])}` } : { kind: 'dm' },
      });
    }
    const body = JSON.stringify(perPost === 1 ? events[0] : { events });
    return { path: `/webhooks/${channelId}`, body, headers: { 'content-type': 'application/json', ...signBody(secret, body, Date.now()) } };
  };
}

/**
 * Meta webhook deliveries for a Page, as Meta batches them: `perPost` entries per POST, each one
 * Messenger message (80 %) or one comment on a Page post (`feed`, 20 %), with the same customers
 * and texts as the API deliveries, signed with X-Hub-Signature-256 over the raw body.
 */
export function metaDeliveries(channelId: string, appSecret: string, perPost: number, seed = 7): () => Req {
  const r = rng(seed);
  const corpus = loadCorpus();
  let seq = 0;
  const run = randomBytes(4).toString('hex');
  return () => {
    const entry = [];
    const now = Date.now();
    for (let i = 0; i < perPost; i++) {
      const customer = skewed(r, 5000);
      const text = messageText(r, corpus);
      const id = `${run}${++seq}`;
      if (r() < 0.2) {
        const post = `${BENCH_PAGE_ID}_${3000000000 + pick(r, [1, 2, 3, 4, 5])}`;
        const value = {
          from: { id: `${2000000000 + customer}`, name: `Customer ${customer}` },
          message: text,
          post_id: post,
          comment_id: `${post.split('_')[1]}_${id}`,
          parent_id: post,
          created_time: Math.floor(now / 1000),
          item: 'comment',
          verb: 'add',
        };
        entry.push({ id: BENCH_PAGE_ID, time: now, changes: [{ field: 'feed', value }] });
      } else {
        entry.push({
          id: BENCH_PAGE_ID,
          time: now,
          messaging: [{ sender: { id: `${5000000000 + customer}` }, recipient: { id: BENCH_PAGE_ID }, timestamp: now, message: { mid: `m_${id}`, text } }],
        });
      }
    }
    const body = JSON.stringify({ object: 'page', entry });
    return { path: `/webhooks/${channelId}`, body, headers: { 'content-type': 'application/json', ...signMetaBody(appSecret, body) } };
  };
}
