import Database from 'better-sqlite3';

/**
 * Where intake's SQLite time goes, statement by statement: wraps every statement better-sqlite3
 * prepares, then runs bench/profile-intake.ts (same arguments) and prints the 25 costliest
 * statements (total ms, calls, µs per call). For choosing what to batch, cache or drop:
 *   tsx bench/stmt-profile.ts 50 400
 */
const stats = new Map<string, { n: number; ns: bigint }>();
const count = (sql: string, t0: bigint) => {
  const s = stats.get(sql) ?? { n: 0, ns: 0n };
  s.n++;
  s.ns += process.hrtime.bigint() - t0;
  stats.set(sql, s);
};
const proto = Database.prototype as unknown as { prepare(sql: string): Record<string, (...a: unknown[]) => unknown> };
const prepare = proto.prepare;
proto.prepare = function (this: unknown, sql: string) {
  const stmt = prepare.call(this, sql);
  for (const m of ['run', 'all', 'get']) {
    const f = stmt[m]!.bind(stmt);
    Object.defineProperty(stmt, m, {
      value: (...a: unknown[]) => {
        const t0 = process.hrtime.bigint();
        try {
          return f(...a);
        } finally {
          count(sql, t0);
        }
      },
    });
  }
  return stmt;
};
process.on('exit', () => {
  const rows = [...stats].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 25);
  for (const [sql, s] of rows)
    console.log(
      `${(Number(s.ns) / 1e6).toFixed(1).padStart(9)} ms ${String(s.n).padStart(7)} × ${(Number(s.ns / BigInt(s.n)) / 1000).toFixed(1).padStart(7)} µs  ${sql.slice(0, 100)}`,
    );
});
await import('./profile-intake.js');
