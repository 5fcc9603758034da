import type { App } from '../../app.js';
import { workspaceZone } from '../../reports/report-period.js';
import { shareOfVoice, topAuthors, topTerms, volumeOverTime } from './aggregate.js';
import { toCsv } from '../../lib/csv.js';
import { loadReportMentions } from './load-mentions.js';
import { reportRange } from './range.js';
import { SENTIMENTS } from './sentiment.js';

export interface ReportInput {
  workspaceId: string;
  from: string;
  to: string;
  queryIds?: string[];
  limit: number;
}

export const REPORT_TABLES = ['volume', 'share-of-voice', 'top-authors', 'top-terms'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

/**
 * The listening report over a date range (local days in the workspace's zone, from its default
 * business hours, else UTC) for some or all of its queries: volume and sentiment per day per
 * query, share of voice, top authors and top terms.
 */
export async function buildListeningReport(app: App, input: ReportInput) {
  const timeZone = await workspaceZone(app.store.db, input.workspaceId, app.now());
  const range = reportRange(input.from, input.to, timeZone);
  const { queries, rows } = await loadReportMentions(app, input.workspaceId, input.queryIds, range);
  return {
    from: range.from,
    to: range.to,
    timeZone,
    queries,
    volume: volumeOverTime(range, queries, rows),
    shareOfVoice: shareOfVoice(queries, rows),
    topAuthors: topAuthors(rows, input.limit),
    topTerms: topTerms(rows, input.limit),
  };
}

type Report = Awaited<ReturnType<typeof buildListeningReport>>;
const mix = (m: Record<(typeof SENTIMENTS)[number], number>) => SENTIMENTS.map((s) => m[s]);

/** One table of the report as CSV (what the web app's download buttons fetch). */
export function reportCsv(report: Report, table: ReportTable): string {
  switch (table) {
    case 'volume':
      return toCsv(
        ['date', 'query', 'kind', 'mentions', ...SENTIMENTS],
        report.volume.flatMap((s) => s.days.map((d) => [d.date, s.name, s.kind, d.mentions, ...mix(d)])),
      );
    case 'share-of-voice':
      return toCsv(
        // A share people read in percent, said in the column's name (the JSON keeps the fraction).
        ['query', 'kind', 'mentions', 'share (%)', ...SENTIMENTS],
        report.shareOfVoice.map((s) => [s.name, s.kind, s.mentions, Number((s.share * 100).toFixed(2)), ...mix(s)]),
      );
    case 'top-authors':
      return toCsv(
        ['author', 'name', 'source', 'mentions', ...SENTIMENTS],
        report.topAuthors.map((a) => [a.author, a.authorName, a.source, a.mentions, ...mix(a)]),
      );
    case 'top-terms':
      return toCsv(
        ['term', 'mentions'],
        report.topTerms.map((t) => [t.term, t.mentions]),
      );
  }
}
