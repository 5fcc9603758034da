import { Kysely, PostgresDialect, sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import pg from 'pg';
import type { Store } from '../db.js';
import type { DB } from '../schema.js';
import { prepared } from '../prepared.js';
import type { Dialect, SearchGroup } from './dialect.js';

/**
 * Scale mode: any number of web, worker and scheduler processes on one PostgreSQL database. They
 * write concurrently, so every read-modify-write that must not interleave takes a lock (row locks,
 * advisory locks), workers claim work with SKIP LOCKED so they never queue behind each other, a
 * committed id may become visible after a larger one (see probeEventLog), and processes wake each
 * other through LISTEN/NOTIFY.
 */

// bigint (int8) columns hold epoch-ms timestamps and cursors: all well inside 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
/** The first half of tryHold's two-int advisory keys: "HK" + 1, Hearken's leader locks. */
const HOLD_NAMESPACE = 0x484b_0001;

/** NOTIFY payloads are limited to 8000 bytes; presence lists and workspace ids are far smaller. */
const MAX_NOTIFY_PAYLOAD = 7900;

// to_tsquery operands: terms are letters and digits only, but they are escaped anyway: the engine
// must never read user text as query syntax.
const tsOperand = (term: string) => `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const tsPhrase = (g: SearchGroup) => g.terms.map((t, i) => tsOperand(t) + (g.prefix && i === g.terms.length - 1 ? ':*' : '')).join(' <-> ');

// Every stored message is indexed: compiled once (see store/prepared.ts).
const upsertDoc = prepared((db, messageId: string, workspaceId: string, terms: string) =>
  db
    .insertInto('search_docs')
    .values({ message_id: messageId, workspace_id: workspaceId, terms })
    .onConflict((oc) => oc.column('message_id').doUpdateSet({ terms })),
);

export const postgresDialect: Dialect = {
  name: 'postgres',

  // Row locks are taken in the order the query reads (callers order by id where several rows are
  // locked, so two transactions locking the same set cannot deadlock).
  lockRows: (q) => q.forUpdate(),
  // Another worker's claimed rows are skipped, not waited for: they are being handled.
  claimRows: (q) => q.forUpdate().skipLocked(),
  // A transaction-scoped advisory lock on the key's hash: released at commit or rollback, so a
  // crashed transaction never leaves it held. Hash collisions only serialize two unrelated keys.
  async lockKey(db, key) {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(db);
  },
  sharedWriter: false,
  // The same locks as lockKey's, taken in ascending hash order in one statement: the subquery's
  // order is the order the outer projection calls the lock function in.
  async lockKeys(db, keys) {
    if (!keys.length) return;
    await sql`SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(${[...keys]}::text[]) AS k ORDER BY h) AS ordered`.execute(db);
  },

  // Web nodes must hear events written by workers on other nodes.
  async notify(db, channel, payload) {
    if (payload.length >= MAX_NOTIFY_PAYLOAD) return;
    await sql`SELECT pg_notify(${channel}, ${payload})`.execute(db);
  },
  async listen(conn, channels, onNotify) {
    // A dedicated connection, outside the pool: LISTEN holds its session for as long as it runs.
    const client = new pg.Client({ connectionString: conn.url, options: conn.schema ? `-c search_path=${conn.schema}` : undefined });
    await client.connect();
    for (const channel of channels) await client.query(`LISTEN ${channel}`);
    client.on('notification', (n) => {
      if (n.payload) onNotify(n.channel, n.payload);
    });
    return async () => {
      await client.end();
    };
  },

  // A session-level advisory lock on a connection of its own, outside the pool: it lasts exactly as
  // long as that session, and PostgreSQL ends the session when the holder's socket closes, which
  // a killed process's does at once. The two-int form keeps these keys apart from lockKey's, and
  // the schema is part of the name because advisory locks are per database, not per schema.
  // TCP keep-alive bounds how long a holder cut off by the network (not closed) keeps it.
  async tryHold(conn, key, onLost) {
    const client = new pg.Client({ connectionString: conn.url, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client.on('error', () => {}); // an error ends the client; 'end' below reports the loss
    await client.connect();
    try {
      const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS ok', [
        HOLD_NAMESPACE,
        `${conn.schema ?? ''}:${key}`,
      ]);
      if (!r.rows[0]?.ok) {
        await client.end();
        return null;
      }
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    let released = false;
    client.on('end', () => {
      if (!released) onLost();
    });
    return {
      async release() {
        if (released) return;
        released = true;
        await client.end().catch(() => {});
      },
    };
  },

  // A bigserial id is taken when the row is inserted but only becomes visible at COMMIT, so with
  // concurrent writers id 101 can be visible while id 100 is still in flight. One statement reads
  // max(id) under its snapshot and then lists the transactions holding RowExclusiveLock on
  // `events`: every transaction that has taken an id holds that lock until it ends (the lock is
  // taken when the INSERT is parsed, before nextval runs), so a writer holding an id below that
  // max is in the list. Both subqueries run under the statement's snapshot taken before
  // execution, and pg_locks is read live during execution: "max visible, then who is writing",
  // in that order.
  async probeEventLog(db) {
    const r = await sql<{ m: number | null; w: string[] | null }>`
    SELECT (SELECT max(id) FROM events) AS m,
           (SELECT array_agg(virtualtransaction) FROM pg_locks
             WHERE locktype = 'relation' AND relation = 'events'::regclass
               AND mode = 'RowExclusiveLock' AND pid IS DISTINCT FROM pg_backend_pid()) AS w`.execute(db);
    const row = r.rows[0];
    return { max: Number(row?.m ?? 0), writers: row?.w ?? [] };
  },

  search: {
    // message_id is the primary key: an edit replaces the document in one statement.
    async index(db, messageId, workspaceId, terms) {
      await upsertDoc(db, messageId, workspaceId, terms);
    },
    async unindex(db, messageId) {
      await db.deleteFrom('search_docs').where('message_id', '=', messageId).execute();
    },
    // The generated tsvector column (GIN-indexed) answers the words; the workspace is a plain filter.
    match(workspaceId, groups) {
      const tsq = groups.map((g) => `(${tsPhrase(g)})`).join(' & ');
      return sql<SqlBool>`search_docs.workspace_id = ${workspaceId} AND search_docs.tsv @@ to_tsquery('simple', ${tsq})`;
    },
    // No engine order to ride on: newest first by the message's time, its id breaking ties.
    docKey: sql<number>`0`,
    newestFirst(q, after) {
      // The search's query joins messages as `m` (see the Dialect interface).
      let out = q as SelectQueryBuilder<any, any, any>;
      if (after) out = out.where((eb) => eb.or([eb('m.created_at', '<', after.key), eb.and([eb('m.created_at', '=', after.key), eb('m.id', '<', after.id)])]));
      return out.orderBy('m.created_at', 'desc').orderBy('m.id', 'desc') as typeof q;
    },
    keyOf: (row) => row.created_at,
  },

  ddl: {
    serialType: 'bigserial',
    serialKey: (c) => c.primaryKey(),
    // Heap tables have no clustered storage to ask for; the primary key's index serves the ranges.
    clustered: (t) => t,
    // A generated tsvector over the same pre-tokenized terms SQLite indexes ('simple': no stemming,
    // no stop words, so both engines answer the same), GIN-indexed.
    async createSearchDocsV1(db) {
      await sql`CREATE TABLE search_docs (
      message_id text PRIMARY KEY,
      workspace_id text NOT NULL,
      terms text NOT NULL,
      tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED
    )`.execute(db);
      await sql`CREATE INDEX search_docs_tsv_ix ON search_docs USING gin (tsv)`.execute(db);
    },
  },

  // Kysely's migrator introspects the tables of EVERY schema in the database; a schema created,
  // altered or dropped by someone else during that query can fail it ('schema "x" does not
  // exist', 'column … does not exist' — seen with the tests' per-file schemas). Migrations run in
  // transactions here, so trying again is safe; a real error fails every time.
  migrationRetries: 4,
  migrationTable: (schema) => sql`${sql.id(schema ?? 'public')}.hearken_migrations`,
};

/** Connects to a PostgreSQL database (a pool; `schema` sets the search_path of every connection). */
export function openPostgres(cfg: { url: string; schema?: string }): Store {
  const pool = new pg.Pool({
    connectionString: cfg.url,
    max: 10,
    options: cfg.schema ? `-c search_path=${cfg.schema}` : undefined,
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: postgresDialect, schema: cfg.schema ?? 'public', connection: { url: cfg.url, schema: cfg.schema }, close: () => db.destroy() };
}
