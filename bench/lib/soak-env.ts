import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.js';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { signBody } from '../../src/channels/api/signature.js';
import { createChannel } from '../../src/channel-admin/create-channel.js';
import { loadConfig } from '../../src/config/index.js';
import { migrate, openStore } from '../../src/store/db.js';
import { createWorkspace } from '../../src/workspaces/create-workspace.js';
import { loadCorpus, messageText, pick, rng, skewed } from './corpus.js';
import type { Req } from './http-load.js';

/** One workspace of the soak: its API channels (id + signing secret) and one API token per client. */
export interface SoakWorkspace {
  id: string;
  channels: Array<{ id: string; secret: string }>;
  tokens: string[];
}

export interface SoakEnv {
  env: Record<string, string>;
  workspaces: SoakWorkspace[];
  cleanup(): void;
}

/**
 * A fresh embedded database with `workspaces` workspaces, each with `channelsPerWorkspace` API
 * channels and `clientsPerWorkspace` API tokens (one per SSE client, as separate integrations
 * would hold), ready for a Hearken child process (`env`).
 */
export async function createSoakEnv(o: { workspaces: number; channelsPerWorkspace: number; clientsPerWorkspace: number[] }): Promise<SoakEnv> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-soak-'));
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
  const workspaces: SoakWorkspace[] = [];
  for (let w = 0; w < o.workspaces; w++) {
    const ws = await createWorkspace(store.db, {
      name: `Soak ${w}`,
      ownerEmail: `owner${w}@soak.example`,
      ownerName: 'Owner',
      password: 'bench-password-1',
      now,
    });
    const channels = [];
    for (let c = 0; c < o.channelsPerWorkspace; c++) {
      const ch = await createChannel(app, { workspaceId: ws.workspaceId, type: 'api', name: `Soak source ${c}` });
      channels.push({ id: ch.id, secret: ch.secrets.signingSecret! });
    }
    const tokens = [];
    for (let k = 0; k < o.clientsPerWorkspace[w]!; k++) {
      tokens.push((await createApiToken(store.db, { workspaceId: ws.workspaceId, userId: ws.ownerId, name: `soak client ${k}`, now })).token);
    }
    workspaces.push({ id: ws.workspaceId, channels, tokens });
  }
  await app.bus.close();
  await store.close();
  return { env, workspaces, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The external id of the soak's `seq`-th message to workspace `w`: the clients read both back from it. */
export const soakMessageId = (run: string, w: number, seq: number) => `soak-${run}-${w}-${seq}`;

/**
 * Single-event signed API deliveries, round-robin over the workspaces and, within one, over its
 * channels; texts from the corpus, 5,000 skewed customers per workspace, 20 % public comments.
 * `onSend(w, seq)` is called as each one is built, just before it is sent.
 */
export function soakDeliveries(workspaces: Array<Pick<SoakWorkspace, 'channels'>>, onSend: (w: number, seq: number) => void, seed = 17): () => Req {
  const r = rng(seed);
  const corpus = loadCorpus();
  const run = randomBytes(3).toString('hex');
  const seqs = new Array<number>(workspaces.length).fill(0);
  let i = 0;
  return () => {
    const w = i % workspaces.length;
    const chans = workspaces[w]!.channels;
    const ch = chans[Math.floor(i / workspaces.length) % chans.length]!;
    i++;
    const seq = seqs[w]!++;
    const customer = skewed(r, 5000);
    const comment = r() < 0.2;
    const body = JSON.stringify({
      type: 'message',
      id: soakMessageId(run, w, seq),
      from: { id: `cust-${customer}`, name: `Customer ${customer}`, handle: `@c${customer}` },
      text: messageText(r, corpus),
      conversation: comment ? { kind: 'comment', item_id: `post-${pick(r, [1, 2, 3, 4, 5])}` } : { kind: 'dm' },
    });
    onSend(w, seq);
    return { path: `/webhooks/${ch.id}`, body, headers: { 'content-type': 'application/json', ...signBody(ch.secret, body, Date.now()) } };
  };
}
