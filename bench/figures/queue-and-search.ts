import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { listConversations, type ListFilter } from '../../src/conversations/list-conversations.js';
import { searchMessages } from '../../src/search/search-messages.js';
import { migrate, openStore } from '../../src/store/db.js';
import { loadCorpus, pick, rng, searchQuery } from '../lib/corpus.js';
import { loadDataset, type DatasetSize } from '../lib/dataset.js';
import { note, percentile, timeEach } from '../lib/stats.js';

export interface QueryFigures {
  size: DatasetSize;
  bigShare: number;
  loadSec: number;
  dbMiB: number;
  listP95: number;
  /** p95 of each list shape, for the docs (the figure is the p95 over all of them). */
  listByShape: Record<string, number>;
  searchP95: number;
  searchP50: number;
  searchHitsMedian: number;
  pkP95: number;
  samples: { list: number; search: number; pk: number };
}

/**
 * Figure 3: the queue list and search on a loaded database. Both call the product's functions
 * in-process (listConversations, searchMessages) on the store the app would use, so what is
 * timed is the query work plus Kysely and row decoding, not HTTP or auth. The ceiling is a
 * primary-key SELECT through the same store (Kysely, one row) on the same database.
 */
export async function queueAndSearch(o: { size: DatasetSize; listIterations: number; searchQueries: number }): Promise<QueryFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-bench-data-'));
  const config = loadConfig({
    HEARKEN_DATA_DIR: dir,
    HEARKEN_DATABASE_URL: `sqlite:${path.join(dir, 'hearken.db')}`,
    HEARKEN_SECRET_KEY: randomBytes(32).toString('hex'),
    HEARKEN_DEMO: 'false',
  });
  const store = openStore(config.db);
  try {
    await migrate(store);
    note(`dataset: loading ${o.size.conversations} conversations / ${o.size.messages} messages in ${o.size.workspaces} workspaces…`);
    const data = loadDataset(store, o.size);
    // Like a server that has been running: the write-ahead log folded back into the database.
    store.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    const pages = store.sqlite!.pragma('page_count', { simple: true }) as number;
    const pageSize = store.sqlite!.pragma('page_size', { simple: true }) as number;
    note(`dataset: loaded in ${data.loadSec.toFixed(0)} s, ${((pages * pageSize) / 2 ** 20).toFixed(0)} MiB`);
    const app = createApp(config, store, new Map());
    const r = rng(5);
    const ws = data.bigWorkspaceId;

    // The queue views an agent opens all day; "me" and the tag change from call to call.
    const shapes: Record<string, () => Promise<unknown>> = {
      'open newest': () => listConversations(app, f({ workspaceId: ws, userId: pick(r, data.agentIds), status: ['open'] })),
      'assignee=me open': () => listConversations(app, f({ workspaceId: ws, userId: pick(r, data.agentIds), status: ['open'], assignee: ['me'] })),
      'open oldest_waiting': () => listConversations(app, f({ workspaceId: ws, userId: pick(r, data.agentIds), status: ['open'], sort: 'oldest_waiting' })),
      'tag open': () => listConversations(app, f({ workspaceId: ws, userId: pick(r, data.agentIds), status: ['open'], tag: [pick(r, data.tags)] })),
      'open newest page 2': async () => {
        const first = await listConversations(app, f({ workspaceId: ws, userId: data.agentIds[0]!, status: ['open'] }));
        const t0 = performance.now();
        await listConversations(app, f({ workspaceId: ws, userId: data.agentIds[0]!, status: ['open'], cursor: first.nextCursor ?? undefined }));
        return performance.now() - t0;
      },
    };
    const listByShape: Record<string, number> = {};
    const listAll: number[] = [];
    for (const [name, run] of Object.entries(shapes)) {
      for (let i = 0; i < 5; i++) await run(); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < o.listIterations; i++) {
        const t0 = performance.now();
        const inner = await run();
        // Page 2 times only the second call (the first one is how the cursor is obtained).
        samples.push(typeof inner === 'number' ? inner : performance.now() - t0);
      }
      listByShape[name] = percentile(samples, 95);
      listAll.push(...samples);
    }

    const corpus = loadCorpus();
    const queries = Array.from({ length: o.searchQueries }, () => searchQuery(r, corpus));
    for (const q of queries.slice(0, 10)) await searchMessages(store, { workspaceId: ws, q, limit: 20 });
    const hits: number[] = [];
    const search = await timeEach(queries.length, async (i) => {
      const page = await searchMessages(store, { workspaceId: ws, q: queries[i]!, limit: 20 });
      hits.push(page.results.length);
    });

    const ids = data.conversationIds;
    const pk = await timeEach(Math.max(1000, o.listIterations * 5), () =>
      store.db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', ids[Math.floor(r() * ids.length)]!)
        .executeTakeFirst(),
    );

    return {
      size: o.size,
      bigShare: data.bigShare,
      loadSec: data.loadSec,
      dbMiB: (pages * pageSize) / 2 ** 20,
      listP95: percentile(listAll, 95),
      listByShape,
      searchP95: percentile(search, 95),
      searchP50: percentile(search, 50),
      searchHitsMedian: percentile(hits, 50),
      pkP95: percentile(pk, 95),
      samples: { list: listAll.length, search: search.length, pk: pk.length },
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (x: Partial<ListFilter> & { workspaceId: string; userId: string }): ListFilter => ({ sort: 'newest', limit: 25, ...x });
