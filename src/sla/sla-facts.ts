import type { Kysely } from 'kysely';
import type { CycleFact } from '../metrics/cycles.js';
import type { DB } from '../store/schema.js';

const CHUNK = 500;

/**
 * Gives each customer cycle the SLA clocks started in it, cancelled ones left out (nothing was
 * owed). Kept as clocks, not outcomes, because a running clock's outcome depends on when the
 * report is read: the outcome rule is applied per report (metrics/summary.ts).
 */
export async function attachSlaClocks(db: Kysely<DB>, workspaceId: string, facts: CycleFact[]): Promise<void> {
  const byConv = new Map<string, CycleFact[]>();
  for (const f of facts) {
    let list = byConv.get(f.conversationId);
    if (!list) byConv.set(f.conversationId, (list = []));
    list.push(f);
  }
  const ids = [...byConv.keys()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('sla_clocks')
      .select(['conversation_id', 'target', 'started_at', 'due_at', 'stopped_at', 'status', 'workspace_id'])
      .where('conversation_id', 'in', ids.slice(i, i + CHUNK))
      .where('status', '!=', 'cancelled')
      .orderBy('started_at')
      .orderBy('target')
      .execute();
    for (const r of rows) {
      // Checked here, not in the query: see metrics/load-timelines.ts (index choice on big workspaces).
      if (r.workspace_id !== workspaceId) continue;
      // The cycle the clock belongs to: the latest one that started at or before it.
      const cycles = byConv.get(r.conversation_id)!;
      let cycle = cycles[0];
      for (const c of cycles) if (c.start <= r.started_at && c.start >= cycle.start) cycle = c;
      (cycle.slaClocks ??= []).push({ target: r.target, status: r.status, dueAt: r.due_at, stoppedAt: r.stopped_at });
    }
  }
}
