import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { startTsWorker } from '../lib/ts-worker.js';
import { openStore, type Store } from './db.js';
import { joinThreads } from './threads.js';

/**
 * Two threads writing one SQLite file (embedded mode's web and worker threads): while the other
 * thread commits back to back, a write on this one waits for the transaction in progress, not for
 * whenever SQLite's sleeping busy handler happens to find the lock free.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function race(withTurns: boolean): Promise<{ passedBy: number[]; stored: number; locked: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hearken-turns-'));
  dirs.push(dir);
  const file = path.join(dir, 'turns.db');
  const store: Store = openStore({ kind: 'sqlite', file });
  await sql`CREATE TABLE turns_test (id INTEGER PRIMARY KEY, who TEXT NOT NULL)`.execute(store.db);
  const threads = withTurns ? joinThreads(store) : null;
  const commits = new SharedArrayBuffer(4);
  const counter = new Int32Array(commits);
  const worker = startTsWorker(new URL('./testing/turns-writer.ts', import.meta.url), {
    workerData: { file, turns: threads?.turns.shared ?? new SharedArrayBuffer(12), commits, withTurns },
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  // Let it get going: back-to-back transactions.
  while (Atomics.load(counter, 0) < 20) await new Promise((r) => setTimeout(r, 5));
  const passedBy: number[] = [];
  let locked = 0;
  for (let i = 0; i < 15; i++) {
    const before = Atomics.load(counter, 0);
    try {
      await sql`INSERT INTO turns_test (who) VALUES ('main')`.execute(store.db);
    } catch (err) {
      // SQLITE_BUSY after the whole busy timeout: the other thread never let this one in.
      if (!String(err).includes('database is locked')) throw err;
      locked++;
    }
    passedBy.push(Atomics.load(counter, 0) - before);
    await new Promise((r) => setTimeout(r, 3));
  }
  await new Promise<void>((resolve) => {
    worker.on('message', (m) => m === 'stopped' && resolve());
    worker.postMessage('stop');
  });
  await worker.terminate();
  const stored = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM turns_test WHERE who = 'main'`.execute(store.db)).rows[0]!.n);
  threads?.leave();
  await store.close();
  return { passedBy, stored, locked };
}

describe('write turns between the threads of an embedded process', () => {
  it('lets a write on one thread in after at most the transaction in progress on the other', async () => {
    const { passedBy, stored, locked } = await race(true);
    expect(locked).toBe(0);
    expect(stored).toBe(15);
    // The transaction in progress when the write asked, and at most one that had already taken its ticket.
    expect(Math.max(...passedBy)).toBeLessThanOrEqual(2);
  }, 60_000);

  it('without turns, SQLite alone lets the busy writer pass many times (what the turns are for)', async () => {
    const { passedBy, stored, locked } = await race(false);
    // Starved: passed many times, or not let in at all before SQLite's busy timeout gave up.
    expect(stored + locked).toBe(15);
    expect(Math.max(...passedBy)).toBeGreaterThan(2);
  }, 60_000);
});
