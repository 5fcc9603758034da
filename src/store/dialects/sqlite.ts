import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SelectQueryBuilder, type SqliteDatabase, type SqlBool } from 'kysely';
import type { Store } from '../db.js';
import type { DB } from '../schema.js';
import { startCheckpointer } from '../checkpointer.js';
import { listenAcrossThreads, threadWakeups } from '../thread-wakeups.js';
import type { WriteTurns } from '../write-turns.js';
import { prepared } from '../prepared.js';
import type { Dialect, SearchGroup } from './dialect.js';

/**
 * Embedded mode: one SQLite file in WAL mode, one writer at a time. Most of PostgreSQL's
 * concurrency machinery is unneeded here for that one reason: every transaction begins IMMEDIATE
 * (see withStatementCache), so it holds the database's only write lock from its first statement
 * to its commit, and two transactions never interleave — row locks, skip-locked claims and
 * advisory locks are no-ops — and ids are assigned inside that lock, so they commit in id order.
 * That holds for the one connection of the web thread and for the worker thread's own connection
 * alike (processes/embedded-worker.ts): the busy timeout makes one wait for the other.
 */

const resolved = Promise.resolve();
const same = <Q>(q: Q) => q;

// FTS5 queries: terms are letters and digits only, but they are escaped anyway: the engine must
// never read user text as query syntax.
const ftsPhrase = (g: SearchGroup) => `"${g.terms.join(' ').replace(/"/g, '""')}"${g.prefix ? '*' : ''}`;

// Every stored message is indexed: compiled once (see store/prepared.ts).
const insertDoc = prepared((db, messageId: string, workspaceId: string, terms: string) =>
  db.insertInto('search_docs').values({ message_id: messageId, workspace_id: workspaceId, terms }),
);

async function unindex(db: Kysely<DB>, messageId: string): Promise<void> {
  // message_id is an indexed FTS5 column (hex ids are single tokens): an index lookup, not a scan.
  await sql`DELETE FROM search_docs WHERE search_docs MATCH ${`message_id:"${messageId.replace(/"/g, '')}"`}`.execute(db);
}

export const sqliteDialect: Dialect = {
  name: 'sqlite',

  // One writer at a time: a transaction's reads cannot be overtaken by another's writes (and
  // SQLite has no FOR UPDATE), so locking and claiming rows leave the query as it is.
  lockRows: same,
  claimRows: same,
  lockKey: () => resolved,
  sharedWriter: true,
  lockKeys: () => resolved,

  // Wake-ups between the threads of one process that share the file (the web thread and the
  // worker thread); without a worker thread nobody listens and nothing is posted.
  async notify(db, channel, payload) {
    threadWakeups.get(db)?.post(channel, payload);
  },
  async listen(conn, channels, onNotify) {
    if (!conn.file) return null;
    return listenAcrossThreads(conn.file, channels, onNotify);
  },
  // One process, and the singletons (the X streams, the scheduler) run on one of its threads.
  tryHold: async () => ({ release: () => resolved }),

  // Ids are assigned under the write lock, so commit order is id order: max(id) is already safe.
  async probeEventLog(db) {
    const r = await db
      .selectFrom('events')
      .select((e) => e.fn.max('id').as('m'))
      .executeTakeFirst();
    return { max: Number(r?.m ?? 0), writers: [] };
  },

  search: {
    async index(db, messageId, workspaceId, terms, replace) {
      // FTS5 tables have no unique constraint to upsert on; new messages skip the delete.
      if (replace) await unindex(db, messageId);
      await insertDoc(db, messageId, workspaceId, terms);
    },
    unindex,
    // Scoped inside the MATCH (workspace_id is an indexed FTS5 column, so that is an index
    // lookup), the words kept to the terms column.
    match(workspaceId, groups) {
      const expr = `workspace_id : "${workspaceId.replace(/"/g, '""')}" AND terms : (${groups.map(ftsPhrase).join(' AND ')})`;
      return sql<SqlBool>`search_docs MATCH ${expr}`;
    },
    // FTS5 walks its matches in rowid order, newest document first, and stops at the limit: a
    // common word in a big inbox costs a page, not a sort of every match. Documents are written
    // when a message is stored (or edited), so this is "newest first" as the inbox sees it.
    docKey: sql<number>`search_docs.rowid`,
    newestFirst(q, after) {
      let out = q as SelectQueryBuilder<any, any, any>;
      if (after) out = out.where(sql<boolean>`search_docs.rowid < ${after.key}`);
      return out.orderBy(sql`search_docs.rowid`, 'desc') as typeof q;
    },
    keyOf: (row) => Number(row.doc),
  },

  ddl: {
    serialType: 'integer',
    serialKey: (c) => c.primaryKey().autoIncrement(),
    // WITHOUT ROWID stores the rows in the primary key's b-tree: a range of the key is one
    // contiguous read, not thousands of rowid lookups (metric rollups are read that way).
    clustered: (t) => t.modifyEnd(sql`WITHOUT ROWID`),
    // The ids are indexed columns too (hex ids are single tokens), so scoping a search to a
    // workspace and replacing one message's document are index lookups, not scans.
    async createSearchDocsV1(db) {
      await sql`CREATE VIRTUAL TABLE search_docs USING fts5(message_id, workspace_id, terms, tokenize = 'unicode61 remove_diacritics 0')`.execute(db);
    },
  },

  // SQLite has one schema per file and its migrations do not race anyone else's DDL.
  migrationRetries: 0,
  migrationTable: () => sql`hearken_migrations`,
};

/** Opens (creating if need be) the embedded database file, tuned for intake's write pattern. */
export function openSqlite(cfg: { file: string; mmapMiB?: number }): Store {
  if (cfg.file !== ':memory:') mkdirSync(path.dirname(path.resolve(cfg.file)), { recursive: true });
  const sqlite = new Database(cfg.file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commits).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // The default page cache is 2 MiB: with an inbox of a few GiB every index probe went to the OS.
  // 64 MiB keeps the hot indexes (queue, threading, dedupe) and FTS doclists in memory. A memory
  // map spares a system call per page beyond that, but every page of the growing file it touches
  // stays in the process's resident memory: off unless configured (HEARKEN_SQLITE_MMAP_MIB).
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma(`mmap_size = ${Math.trunc(cfg.mmapMiB ?? 0) * 1024 * 1024}`);
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoints run on a background thread (see checkpointer.ts); this is only the backstop, and
  // a high one: a backstop checkpoint runs inside a commit on this connection, fsyncs included,
  // and at 1,000 single-message webhooks/s the log grows ~10,000 pages a second, so a backstop
  // of 10,000 pages fired several times a second whenever the thread lagged a little, and each
  // stalled every webhook behind it for 10–30 ms (bench/: ack p99 21 → 8 ms at 50,000).
  // 50,000 pages (~200 MiB of log) is reached only if the thread stops keeping up.
  const checkpointer = cfg.file === ':memory:' ? undefined : startCheckpointer(cfg.file);
  if (checkpointer) sqlite.pragma('wal_autocheckpoint = 50000');
  const turns: TurnSlot = { turns: null };
  const statements = withStatementCache(sqlite, turns);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: statements }) });
  turnSlots.set(db, turns);
  return {
    db,
    dialect: sqliteDialect,
    file: cfg.file === ':memory:' ? undefined : path.resolve(cfg.file),
    sqlite,
    statements,
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver prepares every query afresh, and preparing (parsing and planning the SQL)
 * costs more than running most of our one-row statements. The same query shapes come back again
 * and again (parameters are bound, never inlined), so the connection keeps its most recent
 * statements by SQL text. A statement still being iterated (a streamed select) is never handed
 * out twice: a busy one is bypassed with a fresh, uncached statement.
 */
function withStatementCache(sqlite: Database.Database, slot: TurnSlot, max = 500): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      // Kysely begins with a plain (deferred) BEGIN: a transaction that read first and wrote later
      // would then fail with SQLITE_BUSY at its first write whenever the other thread's connection
      // wrote in between, without waiting. IMMEDIATE takes the write lock at BEGIN, waiting for it.
      const sql = text === 'begin' ? 'begin immediate' : text;
      const stmt = cachedStatement(sql);
      return slot.turns ? inTurn(sqlite, slot.turns, text, stmt) : stmt;
    },
  };

  function cachedStatement(sql: string): Database.Statement {
    const hit = cache.get(sql);
    if (hit && !hit.busy) {
      // Map order is insertion order: re-inserting keeps the most recently used at the end.
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const stmt = sqlite.prepare(sql);
    if (!hit) {
      cache.set(sql, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    }
    return stmt;
  }
}

/** Where a store's write turns go once its threads share the file (setWriteTurns). */
interface TurnSlot {
  turns: WriteTurns | null;
}
const turnSlots = new WeakMap<Kysely<DB>, TurnSlot>();

/** From now on this store's writes take turns with the other threads' (store/write-turns.ts). */
export function setWriteTurns(db: Kysely<DB>, turns: WriteTurns | null): void {
  const slot = turnSlots.get(db);
  if (!slot) throw new Error('write turns are for an embedded (SQLite) store');
  slot.turns = turns;
}

type Runnable = Pick<Database.Statement, 'reader' | 'all' | 'run' | 'iterate'>;

/**
 * The statement as the driver will run it, inside this thread's turn to write: a transaction holds
 * the turn from BEGIN to COMMIT or ROLLBACK; a write outside a transaction, for its one statement;
 * reads need none (WAL readers never wait for the writer).
 */
function inTurn(sqlite: Database.Database, turns: WriteTurns, text: string, stmt: Database.Statement): Runnable {
  if (text === 'begin')
    return {
      reader: false,
      all: stmt.all.bind(stmt),
      iterate: stmt.iterate.bind(stmt),
      run(...params: unknown[]) {
        turns.acquire();
        try {
          return stmt.run(...params);
        } catch (err) {
          turns.release();
          throw err;
        }
      },
    } as Runnable;
  if (text === 'commit' || text === 'rollback')
    return {
      reader: false,
      all: stmt.all.bind(stmt),
      iterate: stmt.iterate.bind(stmt),
      run(...params: unknown[]) {
        const r = stmt.run(...params);
        // A failed COMMIT leaves the transaction open (Kysely rolls it back next): the turn stays.
        turns.release();
        return r;
      },
    } as Runnable;
  if (stmt.readonly || sqlite.inTransaction) return stmt;
  const once =
    <A extends unknown[], R>(fn: (...a: A) => R) =>
    (...a: A): R => {
      turns.acquire();
      try {
        return fn(...a);
      } finally {
        turns.release();
      }
    };
  // (iterate is for streamed selects only, which are read-only and never reach here.)
  return { reader: stmt.reader, all: once(stmt.all.bind(stmt)), run: once(stmt.run.bind(stmt)), iterate: stmt.iterate.bind(stmt) } as Runnable;
}
