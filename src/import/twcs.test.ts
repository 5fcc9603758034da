import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/index.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { childEnv } from '../test/child.js';
import { testDialect } from '../test/store.js';

/**
 * The real-data check: import the TWCS head file (CC BY-NC-SA: read from the shared data folder,
 * never copied into the repository) and compare `hearken report` with a computation made here,
 * straight from the CSV, with this file's own parser and arithmetic.
 */
const FILE = process.env.HEARKEN_TWCS_FILE ?? '/work/shared/data/twcs/twcs_head_monalisapatra26.csv';

// ---- independent computation (deliberately shares no code with src/) ----
function readRows(text: string): string[][] {
  const out: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') inQuotes = false;
      else cell += ch;
      continue;
    }
    if (ch === '"') inQuotes = true;
    else if (ch === ',') cells.push(cell), (cell = '');
    else if (ch === '\n') {
      cells.push(cell.endsWith('\r') ? cell.slice(0, -1) : cell);
      out.push(cells);
      cells = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || cells.length) out.push([...cells, cell]);
  return out;
}

interface Tw {
  id: number;
  author: string;
  customer: boolean;
  t: number;
  parent: number | null;
}

function expected(text: string) {
  const [head, ...rows] = readRows(text);
  const ix = (n: string) => head.indexOf(n);
  const all = new Map<number, Tw>();
  for (const r of rows) {
    if (r.length < head.length) continue;
    const p = r[ix('in_response_to_tweet_id')];
    all.set(Number(r[ix('tweet_id')]), {
      id: Number(r[ix('tweet_id')]),
      author: r[ix('author_id')],
      customer: r[ix('inbound')] === 'True',
      t: new Date(r[ix('created_at')]).getTime() / 1000,
      parent: p ? Math.round(Number(p)) : null,
    });
  }
  const top = (tw: Tw): number => (tw.parent !== null && all.has(tw.parent) ? top(all.get(tw.parent)!) : tw.id);
  const threads = new Map<number, Tw[]>();
  for (const tw of all.values()) threads.set(top(tw), [...(threads.get(top(tw)) ?? []), tw]);
  const repliesBy = new Map<string, number>();
  for (const tw of all.values()) if (!tw.customer) repliesBy.set(tw.author, (repliesBy.get(tw.author) ?? 0) + 1);
  const brands = [...repliesBy.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([b]) => b);

  const result = new Map<string, { threads: number; answered: number; rate: number; median: number | null }>();
  for (const brand of brands) {
    const waits: number[] = [];
    let count = 0;
    for (const tws of threads.values()) {
      const ordered = [...tws].sort((a, b) => a.t - b.t || a.id - b.id);
      const owner = ordered.find((x) => !x.customer)?.author;
      const firstCustomer = ordered.find((x) => x.customer);
      if (owner !== brand || !firstCustomer) continue;
      count++;
      const answer = ordered.find((x) => !x.customer && x.author === brand && x.t >= firstCustomer.t);
      if (answer) waits.push(answer.t - firstCustomer.t);
    }
    waits.sort((a, b) => a - b);
    const n = waits.length;
    const median = n === 0 ? null : n % 2 === 1 ? waits[(n - 1) / 2] : (waits[n / 2 - 1] + waits[n / 2]) / 2;
    result.set(brand, { threads: count, answered: n, rate: n / count, median });
  }
  return { rows: rows.filter((r) => r.length >= head.length).length, result };
}
// ---- end of the independent computation ----

let t: TestApp;
let w: TestWorkspace;
const run = async (...argv: string[]) => {
  const lines: string[] = [];
  const code = await runCli(argv, (l) => lines.push(l));
  return { code, out: lines.join('\n') };
};
const counts = async () => {
  const db = t.app.store.db;
  const n = async (table: 'messages' | 'conversations' | 'events' | 'journal' | 'channels' | 'contacts') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const latest = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.max('updated_at').as('u'))
    .executeTakeFirstOrThrow();
  return {
    messages: await n('messages'),
    conversations: await n('conversations'),
    events: await n('events'),
    journal: await n('journal'),
    channels: await n('channels'),
    contacts: await n('contacts'),
    updated: Number(latest.u),
  };
};

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  Object.assign(process.env, childEnv(t));
});
afterAll(() => t.close());

describe(`TWCS import and report on real data (${testDialect})`, () => {
  it('imports every row, and the report equals an independent computation from the CSV for the ten busiest brands', { timeout: 240_000 }, async () => {
    expect(existsSync(FILE), `the TWCS head file is needed at ${FILE} (or set HEARKEN_TWCS_FILE)`).toBe(true);
    const truth = expected(readFileSync(FILE, 'utf8'));
    expect(truth.rows).toBe(5000);
    const imp = await run('import', 'twcs', FILE, '--workspace', w.workspaceId);
    expect(imp.code).toBe(0);
    expect(imp.out).toContain('read 5000 rows');
    expect(imp.out).toContain('skipped: 0 unreadable rows');

    const rep = await run('report', '--workspace', w.workspaceId, '--from', '2006-01-01', '--to', '2030-12-31', '--by', 'channel', '--format', 'json');
    expect(rep.code).toBe(0);
    const report = JSON.parse(rep.out);
    const summary: string[] = [];
    for (const [brand, e] of truth.result) {
      const row = report.rows.find((r: { labels: { channel: string } }) => r.labels.channel === `@${brand}`);
      expect(row, brand).toBeDefined();
      expect({
        brand,
        threads: row.metrics.conversations,
        answered: row.metrics.answered,
        rate: row.metrics.responseRate,
        median: row.metrics.firstResponseMedian,
      }).toEqual({ brand, threads: e.threads, answered: e.answered, rate: e.rate, median: e.median });
      summary.push(`${brand}: ${e.threads} threads, ${e.answered} answered (${(e.rate * 100).toFixed(1)} %), median FRT ${e.median} s`);
    }
    expect(summary).toHaveLength(10);
    if (process.env.TWCS_PRINT) console.log(summary.join('\n'));

    // The other formats print the same table.
    const table = await run('report', '--workspace', w.workspaceId, '--from', '2006-01-01', '--to', '2030-12-31', '--by', 'channel');
    expect(table.out).toMatch(/@ChipotleTweets\s+\d+/);
    const csv = await run('report', '--workspace', w.workspaceId, '--from', '2006-01-01', '--to', '2030-12-31', '--by', 'channel', '--format', 'csv');
    expect(csv.out.split('\n')[0]).toMatch(/^Channel id,Channel,Inbound messages,/);

    // The same report from the rollups once projected, and from scratch (no rollups at all).
    const rebuilt = await run('metrics-rebuild', '--workspace', w.workspaceId);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.out).toMatch(/^\d+ conversations marked, [1-9]\d* projected into the metric rollups$/);
    const period = ['--workspace', w.workspaceId, '--from', '2006-01-01', '--to', '2030-12-31', '--format', 'json'];
    for (const by of ['channel', 'month']) {
      const projected = JSON.parse((await run('report', ...period, '--by', by)).out);
      const scratch = JSON.parse((await run('report', ...period, '--by', by, '--from-scratch')).out);
      expect(projected.rows.length).toBeGreaterThan(3);
      expect(projected.rows).toEqual(scratch.rows);
      if (by === 'channel') expect(projected.rows).toEqual(report.rows);
    }

    // Importing twice changes nothing.
    const before = await counts();
    expect((await run('import', 'twcs', FILE, '--workspace', w.workspaceId)).out).toContain('imported 0 customer tweets through intake and 0 brand replies');
    expect(await counts()).toEqual(before);
  });

  it('refuses bad usage with a reason', async () => {
    expect((await run('import', 'csv', FILE)).code).toBe(2);
    expect((await run('report')).out).toContain('--workspace is required');
    expect((await run('report', '--workspace', w.workspaceId, '--by', 'planet')).out).toContain('"planet" is not one of');
  });
});
