/**
 * `hearken enrich --since 7d`: runs the engine again over stored customer messages after a model or
 * cue-list update, in batches (one transaction each, so a long history never holds one lock), oldest
 * first so each conversation ends with its latest message's labels. Keyset-paged by (created_at, id):
 * rows written during the run are not visited twice and nothing is skipped.
 */
import type { App } from '../app.js';
import { inboundMessages, writeAnalyses } from './enrich-pending.js';

export interface ReEnrichOptions {
  /** Epoch ms: messages created at or after it. */
  since: number;
  workspaceId?: string;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

const DURATION = /^(\d+)\s*(m|min|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** An ISO date ("2026-11-01", "2026-11-01T08:00:00Z") or a duration back from now ("30m", "12h", "7d", "2w"); undefined if neither. */
export function parseSince(value: string, now: number): number | undefined {
  const d = DURATION.exec(value.trim());
  if (d) return now - Number(d[1]) * UNIT_MS[d[2]!.toLowerCase()]!;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

export async function reEnrichSince(app: App, opts: ReEnrichOptions): Promise<number> {
  const batch = opts.batchSize ?? 500;
  const scoped = () => {
    let q = inboundMessages(app).where('messages.created_at', '>=', opts.since);
    if (opts.workspaceId) q = q.where('messages.workspace_id', '=', opts.workspaceId);
    return q;
  };
  const { n } = await app.store.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('direction', '=', 'in')
    .where('created_at', '>=', opts.since)
    .$if(!!opts.workspaceId, (q) => q.where('workspace_id', '=', opts.workspaceId!))
    .executeTakeFirstOrThrow();
  const total = Number(n);
  let done = 0;
  let after: { at: number; id: string } | undefined;
  for (;;) {
    let q = scoped();
    if (after) {
      const { at, id } = after;
      q = q.where((eb) => eb.or([eb('messages.created_at', '>', at), eb.and([eb('messages.created_at', '=', at), eb('messages.id', '>', id)])]));
    }
    const rows = await q.orderBy('messages.created_at').orderBy('messages.id').limit(batch).execute();
    if (!rows.length) break;
    await writeAnalyses(app, rows);
    done += rows.length;
    const last = rows[rows.length - 1]!;
    after = { at: Number(last.created_at), id: last.id };
    opts.onProgress?.(done, Math.max(total, done));
    if (rows.length < batch) break;
  }
  return done;
}
