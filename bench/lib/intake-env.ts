import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../src/app.js';
import { signBody } from '../../src/channels/api/signature.js';
import { createChannel } from '../../src/channels/create-channel.js';
import { loadConfig } from '../../src/config/index.js';
import { migrate, openStore } from '../../src/store/db.js';
import { createWorkspace } from '../../src/workspaces/create-workspace.js';
import { loadCorpus, messageText, pick, rng, skewed } from './corpus.js';
import type { Req } from './http-load.js';

/**
 * A fresh embedded database with one workspace and one API channel, ready for a Hearken child
 * process (`env`), plus a read-only connection of our own to watch the journal drain.
 */
export interface IntakeEnv {
  env: Record<string, string>;
  channelId: string;
  signingSecret: string;
  reader: Database.Database;
  /** Deliveries not yet processed (the backlog the worker has to drain). */
  pending(): number;
  /** Message rows and search documents stored, failed journal entries, and when the last message was stored. */
  counts(): { messages: number; docs: number; failed: number; lastStoredAt: number };
  cleanup(): void;
}

export async function createIntakeEnv(): Promise<IntakeEnv> {
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
  const ch = await createChannel(app, { workspaceId: ws.workspaceId, type: 'api', name: 'Bench source' });
  await app.bus.close();
  await store.close();

  const reader = new Database(path.join(dir, 'hearken.db'), { readonly: true });
  const pendingStmt = reader.prepare("SELECT count(*) AS n FROM journal WHERE status = 'pending'");
  return {
    env,
    channelId: ch.id,
    signingSecret: ch.secrets.signingSecret!,
    reader,
    pending: () => (pendingStmt.get() as { n: number }).n,
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
