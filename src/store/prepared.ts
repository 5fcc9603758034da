import type { Compilable, CompiledQuery, Kysely, QueryResult, SqliteDatabase } from 'kysely';
import type { DB } from './schema.js';

/**
 * A Kysely query built and compiled once per dialect, then run again and again with new
 * parameters. Building and compiling a query costs more than SQLite takes to run most of intake's
 * one-row statements (bench/: ~10 µs against ~3 µs), and intake runs about ten per message, so its
 * hot statements are written once here instead of rebuilt per message. The SQL is still Kysely's,
 * the same code on SQLite and PostgreSQL.
 *
 * `build` receives a placeholder for each argument and must use each one only as a plain bound
 * value (in where / values / set), never to choose the query's shape, and never inside an `in`
 * list: the placeholders are found again among the compiled parameters and swapped for the real
 * values on every run. Constants written in `build` stay as they are.
 */
export function prepared<A extends unknown[], O>(build: (db: Kysely<DB>, ...args: A) => Compilable<O>) {
  // One compiled query per adapter class (SQLite's and PostgreSQL's write different SQL).
  const compiled = new Map<unknown, { query: CompiledQuery<O>; slots: Array<number | null> }>();
  const placeholder = (i: number) => `\u0000hearken-arg-${i}\u0000`;

  function compile(db: Kysely<DB>, arity: number) {
    const args = Array.from({ length: arity }, (_, i) => placeholder(i)) as unknown as A;
    const query = build(db, ...args).compile();
    const slots = query.parameters.map((p) => {
      const i = typeof p === 'string' ? args.indexOf(p as never) : -1;
      // A placeholder that was altered (concatenated, wrapped) would silently bind the wrong value.
      if (i < 0 && typeof p === 'string' && p.includes('\u0000hearken-arg-')) throw new Error('prepared(): an argument was used as more than a bound value');
      return i >= 0 ? i : null;
    });
    return { query, slots };
  }

  return async function run(db: Kysely<DB>, ...args: A): Promise<QueryResult<O>> {
    const key = db.getExecutor().adapter.constructor;
    let c = compiled.get(key);
    if (!c) {
      c = compile(db, args.length);
      compiled.set(key, c);
    }
    const { query, slots } = c;
    const parameters = slots.map((s, i) => (s === null ? query.parameters[i] : args[s]));
    const handle = direct.get(db);
    if (handle) return runOnHandle<O>(handle, query.sql, parameters);
    return db.executeQuery<O>({ ...query, parameters });
  };
}

/**
 * SQLite transactions whose prepared statements run straight on the database handle. Inside a
 * Kysely SQLite transaction the one connection belongs to that transaction (Kysely's connection
 * mutex), so running a statement on the same handle is what Kysely would do, minus its per-query
 * pipeline (a connection lease, promise hops, result transforms with no plugin to apply): about
 * a third of intake's CPU per message before this (bench/stmt-profile: `npm run bench` figure 1).
 * Only a transaction's owner may register it, and only for the transaction's lifetime: the entry
 * dies with the transaction object.
 */
const direct = new WeakMap<object, SqliteDatabase>();

export function runDirectly(tx: Kysely<DB>, handle: SqliteDatabase | undefined) {
  if (handle && tx.isTransaction) direct.set(tx, handle);
}

function runOnHandle<O>(handle: SqliteDatabase, sql: string, parameters: readonly unknown[]): QueryResult<O> {
  // The same shape Kysely's SQLite driver returns (kysely/dist/esm/dialect/sqlite/sqlite-driver.js).
  const stmt = handle.prepare(sql);
  if (stmt.reader) return { rows: stmt.all(parameters) as O[] };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}
