import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../lib/errors.js';
import { DIMENSIONS, PERIODS, type GroupBy } from '../metrics/aggregate.js';
import { computeMetrics } from '../metrics/compute-metrics.js';
import { formatReport } from '../metrics/format-report.js';
import { isValidTimeZone } from '../hours/zoned-time.js';
import { importTwcs } from '../import/twcs.js';
import { withCliApp } from './with-app.js';

export const METRICS_HELP = `  npm run cli -- import twcs FILE [--workspace W]             load a "Customer Support on Twitter" CSV (idempotent)
  npm run cli -- report --workspace W [--from D] [--to D] [--format table|csv|json]
                        [--by channel|agent|kind|tag|team|day|week|month[,…]] [--time calendar|business] [--tz ZONE]
                        [--from-scratch]  recompute from the timelines instead of the rollups (an audit: same numbers)`;

type Out = (line: string) => void;

/** The `import` and `report` commands (cli/index.ts hands them over). Returns the exit code. */
export async function runMetricsCli(command: 'import' | 'report', argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      workspace: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'table' },
      by: { type: 'string' },
      time: { type: 'string', default: 'calendar' },
      tz: { type: 'string' },
      'from-scratch': { type: 'boolean', default: false },
    },
  });
  const fail = (msg: string) => {
    out(msg);
    return 2;
  };
  if (command === 'import' && (positionals[0] !== 'twcs' || !positionals[1])) return fail(`usage:\n${METRICS_HELP}`);
  if (command === 'report' && !values.workspace) return fail('--workspace is required for report');
  if (!['table', 'csv', 'json'].includes(values.format!)) return fail('--format must be table, csv or json');
  if (!['calendar', 'business'].includes(values.time!)) return fail('--time must be calendar or business');
  if (values.tz && !isValidTimeZone(values.tz)) return fail('--tz must be an IANA time zone such as Europe/Berlin');
  const by = (values.by ?? '').split(',').filter(Boolean);
  const bad = by.find((b) => !([...DIMENSIONS, ...PERIODS] as string[]).includes(b));
  if (bad) return fail(`--by: "${bad}" is not one of ${[...DIMENSIONS, ...PERIODS].join(', ')}`);

  return withCliApp(async (app) => {
    try {
      const workspaces = await app.store.db.selectFrom('workspaces').select('id').execute();
      const workspaceId = values.workspace ?? (workspaces.length === 1 ? workspaces[0].id : undefined);
      if (!workspaceId) return fail('--workspace is required when there is not exactly one workspace');
      if (!workspaces.some((w) => w.id === workspaceId)) return fail(`no workspace ${workspaceId}`);

      if (command === 'import') {
        const s = await importTwcs(app, { workspaceId, csv: readFileSync(positionals[1], 'utf8') });
        out(`read ${s.rows} rows: ${s.threads} threads of ${s.brands} brands (${s.channelsCreated} channels created)`);
        out(`imported ${s.customerTweetsImported} customer tweets through intake and ${s.repliesImported} brand replies`);
        const k = s.skipped;
        out(
          `skipped: ${k.badRows.length} unreadable rows, ${k.threadsWithoutBrand} threads with no brand, ${k.otherBrandTweets} tweets by a second brand in a thread, ${k.repliesWithoutCustomer} replies in threads without a customer tweet, ${k.failedDeliveries} failed deliveries`,
        );
        for (const b of k.badRows.slice(0, 20)) out(`  row ${b.row}: ${b.reason}`);
        return 0;
      }
      const report = await computeMetrics(app, {
        workspaceId,
        from: values.from,
        to: values.to,
        by: by as GroupBy[],
        time: values.time as 'calendar' | 'business',
        timeZone: values.tz,
        fromScratch: values['from-scratch'],
      });
      out(formatReport(report, values.format as 'table' | 'csv' | 'json'));
      return 0;
    } catch (err) {
      if (err instanceof AppError) return fail(err.message);
      throw err;
    }
  });
}
