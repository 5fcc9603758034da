import type { App } from '../app.js';
import { effectiveAvailability, idleMsOf, TAB_GONE_MS } from './availability.js';
import { changed } from './set-availability.js';

/**
 * Turns online and busy members away once every tab of theirs has gone quiet or they have been
 * idle too long (the scheduler calls it every few seconds; idempotent, any number may run: each
 * change is made under the member's availability lock, on what is stored then). Coming back is the heartbeat's job.
 */
export async function sweepAvailability(app: App, limit = 500): Promise<number> {
  const now = app.now();
  const idleMs = idleMsOf(app.config.awayAfterIdleMinutes);
  const due = await app.store.db
    .selectFrom('member_availability')
    .selectAll()
    .where('status', '!=', 'away')
    .where((eb) => eb.or([eb('last_seen_at', '<', now - TAB_GONE_MS), eb('last_active_at', '<', now - idleMs)]))
    .limit(limit)
    .execute();
  let moved = 0;
  for (const candidate of due) {
    const done = await app.store.db.transaction().execute(async (tx) => {
      // The same lock as a heartbeat's: one that arrives meanwhile is read here, not overwritten.
      await app.store.dialect.lockKey(tx, `availability:${candidate.workspace_id}:${candidate.user_id}`);
      const row = await tx
        .selectFrom('member_availability')
        .selectAll()
        .where('workspace_id', '=', candidate.workspace_id)
        .where('user_id', '=', candidate.user_id)
        .executeTakeFirst();
      if (!row) return false;
      const eff = effectiveAvailability(row, now, idleMs);
      if (eff.status === row.status) return false;
      await tx
        .updateTable('member_availability')
        .set({ status: eff.status, reason: eff.reason, changed_at: now })
        .where('workspace_id', '=', row.workspace_id)
        .where('user_id', '=', row.user_id)
        .execute();
      await changed(tx, row.workspace_id, row.user_id, eff.status, row.status, eff.reason, now);
      return true;
    });
    const row = candidate;
    if (done) {
      moved++;
      app.bus.poke(row.workspace_id);
    }
  }
  return moved;
}
