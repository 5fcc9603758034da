import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDialect, type TestDb } from '../../test/store.js';
import { dialectOf, postgresDialect, sqliteDialect } from './index.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Production source files outside src/store and src/backup: tests, test helpers and network fakes may pick a database. */
function domainFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const rel = path.relative(SRC, p).split(path.sep).join('/');
    if (e.isDirectory()) {
      // backup/ copies the database as the engine stores it (VACUUM INTO, pg_dump): its whole job is the difference.
      if (rel === 'store' || rel === 'backup' || rel === 'test' || e.name === 'testing' || e.name === 'node_modules') continue;
      domainFiles(p, out);
    } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

// A test of which database this is, in any spelling we have seen: comparisons of a dialect or
// config kind, a switch case, and Kysely's locking clauses (which SQLite cannot parse anyway).
const BRANCH = /[!=]==?\s*['"](postgres|sqlite)['"]|['"](postgres|sqlite)['"]\s*[!=]==?|case\s+['"](postgres|sqlite)['"]|\.forUpdate\(|\.skipLocked\(/;

describe('the dialect seam', () => {
  it('keeps every database difference in src/store (no dialect branches in domain code)', () => {
    const offenders: string[] = [];
    for (const file of domainFiles(SRC)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (BRANCH.test(line)) offenders.push(`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    // Ask the Store's dialect instead (store.dialect.lockRows(q), .claimRows(q), .search…): src/store/dialects/.
    expect(offenders).toEqual([]);
  });

  it('finds a branch the way the scan is written', () => {
    expect(BRANCH.test("if (app.store.dialect === 'postgres') q = q.forUpdate();")).toBe(true);
    expect(BRANCH.test('const x = "sqlite" !== kind;')).toBe(true);
    expect(BRANCH.test("    case 'postgres':")).toBe(true);
    expect(BRANCH.test('q = app.store.dialect.claimRows(q);')).toBe(false);
  });

  it('gives both dialects the same members', () => {
    const shape = (d: object): string[] =>
      Object.entries(d)
        .flatMap(([k, v]) => (v && typeof v === 'object' && !('toOperationNode' in v) ? shape(v).map((s) => `${k}.${s}`) : [k]))
        .sort();
    expect(shape(postgresDialect)).toEqual(shape(sqliteDialect));
  });
});

describe(`the ${testDialect} dialect`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.cleanup());

  it('is the one the store opened, also as seen from a transaction (prepared builds)', async () => {
    expect(t.store.dialect.name).toBe(testDialect);
    expect(dialectOf(t.store.db)).toBe(t.store.dialect);
    await t.store.db.transaction().execute(async (tx) => {
      expect(dialectOf(tx)).toBe(t.store.dialect);
    });
  });

  it('locks and claims rows where writers run concurrently, and leaves the query alone where they cannot', () => {
    const d = t.store.dialect;
    const q = t.store.db.selectFrom('jobs').selectAll().where('id', '=', 'x');
    const locked = d.lockRows(q).compile().sql;
    const claimed = d.claimRows(q).compile().sql;
    if (testDialect === 'postgres') {
      expect(locked).toMatch(/ for update$/);
      expect(claimed).toMatch(/ for update skip locked$/);
    } else {
      expect(locked).toBe(q.compile().sql);
      expect(claimed).toBe(q.compile().sql);
    }
  });

  it('runs a claim, a key lock and an event-log probe inside one transaction', async () => {
    const d = t.store.dialect;
    const probe = await t.store.db.transaction().execute(async (tx) => {
      await d.lockKey(tx, 'seam-test');
      await d.claimRows(tx.selectFrom('journal').selectAll().where('status', '=', 'pending').limit(1)).execute();
      return d.probeEventLog(tx);
    });
    expect(probe.max).toBe(0);
    expect(probe.writers).toEqual([]);
  });

  it('carries a notification to a listener of its own connection, where there are other processes to tell', async () => {
    const d = t.store.dialect;
    const heard: string[] = [];
    const stop = await d.listen(t.store.connection ?? {}, ['hearken_seam_test'], (channel, payload) => heard.push(`${channel}:${payload}`));
    if (!stop || !d.notify) {
      // Nobody else on this database (SQLite without a worker thread): the in-memory emitter is the
      // whole relay, and a notification goes nowhere. Between threads: processes/embedded-worker.test.ts.
      await d.notify?.(t.store.db, 'hearken_seam_test', 'ws-1');
      await new Promise((r) => setTimeout(r, 50));
      expect(heard).toEqual([]);
      return;
    }
    try {
      await d.notify(t.store.db, 'hearken_seam_test', 'ws-1');
      await d.notify(t.store.db, 'hearken_seam_test', 'x'.repeat(8000)); // too large for NOTIFY: dropped, not an error
      await d.notify(t.store.db, 'hearken_seam_test', 'ws-2');
      for (let i = 0; i < 100 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual(['hearken_seam_test:ws-1', 'hearken_seam_test:ws-2']);
    } finally {
      await stop?.();
    }
  });

  it('holds a named lock for one holder at a time where there are other processes, until released or its connection ends', async () => {
    const d = t.store.dialect;
    const conn = t.store.connection ?? {};
    const key = `seam-hold-${Math.random()}`;
    const lost: string[] = [];
    const first = await d.tryHold(conn, key, () => lost.push('first'));
    expect(first).not.toBeNull();
    const second = await d.tryHold(conn, key, () => lost.push('second'));
    if (testDialect === 'sqlite') {
      // One process: nobody to exclude, so it is always granted.
      expect(second).not.toBeNull();
      await second!.release();
      await first!.release();
      return;
    }
    expect(second).toBeNull();
    const other = await d.tryHold(conn, `${key}-other`, () => {});
    expect(other).not.toBeNull(); // another key is another lock
    await other!.release();
    await first!.release();
    await first!.release(); // idempotent
    const third = await d.tryHold(conn, key, () => lost.push('third'));
    expect(third).not.toBeNull();
    // The holder's session ends from outside (as when its process dies): the lock is free and the holder told.
    // Only this key's holder: other suites share the database. (objid is the key's hash read as an unsigned oid.)
    const name = `${conn.schema ?? ''}:${key}`;
    const ended = await sql<{ pid: number }>`
      SELECT pg_terminate_backend(pid) AS pid FROM pg_locks
       WHERE locktype = 'advisory' AND objsubid = 2 AND granted
         AND objid = ((hashtext(${name})::bigint + 4294967296) % 4294967296)::oid`.execute(t.store.db);
    expect(ended.rows).toHaveLength(1);
    for (let i = 0; i < 100 && !lost.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(lost).toEqual(['third']);
    const fourth = await d.tryHold(conn, key, () => {});
    expect(fourth).not.toBeNull();
    await fourth!.release();
  });

  it('indexes, matches, replaces and removes a search document', async () => {
    const d = t.store.dialect;
    const db = t.store.db;
    const matching = async (term: string) =>
      (
        await db
          .selectFrom('search_docs')
          .select('message_id')
          .where(d.search.match('ws-seam', [{ terms: [term], prefix: false }]))
          .execute()
      ).map((r) => r.message_id);
    await d.search.index(db, 'm1', 'ws-seam', 'parcel late', false);
    await d.search.index(db, 'm2', 'ws-other', 'parcel', false);
    expect(await matching('parcel')).toEqual(['m1']);
    await d.search.index(db, 'm1', 'ws-seam', 'refund', true);
    expect(await matching('parcel')).toEqual([]);
    expect(await matching('refund')).toEqual(['m1']);
    await d.search.unindex(db, 'm1');
    expect(await matching('refund')).toEqual([]);
  });
});
