import type { Kysely } from 'kysely';
import type { CycleFact } from '../metrics/cycles.js';
import type { DB } from '../store/schema.js';
import { slaDb } from './tables.js';

const CHUNK = 500;

/**
 * Gives each customer cycle the outcomes of the SLA clocks started in it (metrics "SLA
 * attainment"): met, or breached — a clock still running past its due time counts as breached
 * now. Running clocks not yet due and cancelled ones (nothing was owed) are left out.
 */
export async function attachSlaOutcomes(db: Kysely<DB>, workspaceId: string, facts: CycleFact[], now: number): Promise<void> {
  const byConv = new Map<string, CycleFact[]>();
  for (const f of facts) {
    let list = byConv.get(f.conversationId);
    if (!list) byConv.set(f.conversationId, (list = []));
    list.push(f);
  }
  const ids = [...byConv.keys()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await slaDb(db)
      .selectFrom('sla_clocks')
      .select(['conversation_id', 'target', 'started_at', 'due_at', 'stopped_at', 'status'])
      .where('workspace_id', '=', workspaceId)
      .where('conversation_id', 'in', ids.slice(i, i + CHUNK))
      .where('status', '!=', 'cancelled')
      .execute();
    for (const r of rows) {
      const breached = r.status === 'breached' || (r.stopped_at === null && r.due_at !== null && r.due_at <= now);
      if (!breached && r.status !== 'met') continue;
      // The cycle the clock belongs to: the latest one that started at or before it.
      const cycles = byConv.get(r.conversation_id)!;
      let cycle = cycles[0];
      for (const c of cycles) if (c.start <= r.started_at && c.start >= cycle.start) cycle = c;
      (cycle.sla ??= []).push({ target: r.target, met: !breached });
    }
  }
}
