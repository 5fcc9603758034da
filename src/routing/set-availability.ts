import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import type { AvailabilityStatus, DB } from '../store/schema.js';
import { type Availability, effectiveAvailability, idleMsOf } from './availability.js';

export interface MyAvailability extends Availability {
  chosen: AvailabilityStatus;
}

/**
 * Sets what a member chose by hand (PUT /me/availability), or records a heartbeat from one of
 * their tabs (`heartbeat`: the tab is open, and they were active `idleMs` ago). The status that
 * follows is stored, and a change appends member.availability_changed (routing back-fills an
 * agent who comes online and returns the work of one who goes away; the board and sidebars move).
 * A first heartbeat makes the member online.
 */
export async function setAvailability(
  app: App,
  input: { workspaceId: string; userId: string; chosen?: AvailabilityStatus; heartbeat?: { idleMs: number } },
): Promise<MyAvailability> {
  const now = app.now();
  const out = await app.store.db.transaction().execute(async (tx) => {
    await app.store.dialect.lockKey(tx, `availability:${input.workspaceId}:${input.userId}`);
    const row = await tx
      .selectFrom('member_availability')
      .selectAll()
      .where('workspace_id', '=', input.workspaceId)
      .where('user_id', '=', input.userId)
      .executeTakeFirst();
    const chosen = input.chosen ?? row?.chosen ?? 'online';
    const hb = input.heartbeat;
    const next = {
      chosen,
      last_seen_at: hb ? now : (row?.last_seen_at ?? null),
      last_active_at: hb ? now - Math.max(0, hb.idleMs) : (row?.last_active_at ?? null),
    };
    // A choice made by hand counts as activity in the app: choosing "online" makes one online now.
    if (input.chosen && next.last_seen_at !== null) {
      next.last_seen_at = Math.max(next.last_seen_at, now - 1);
      next.last_active_at = now;
    }
    const eff = effectiveAvailability(next, now, idleMsOf(app.config.awayAfterIdleMinutes));
    const reason = input.chosen ? 'manual' : eff.reason;
    if (!row) {
      await tx
        .insertInto('member_availability')
        .values({ workspace_id: input.workspaceId, user_id: input.userId, ...next, status: eff.status, reason, changed_at: now })
        .execute();
    } else {
      await tx
        .updateTable('member_availability')
        .set({ ...next, status: eff.status, ...(eff.status !== row.status || input.chosen ? { reason, changed_at: now } : {}) })
        .where('workspace_id', '=', input.workspaceId)
        .where('user_id', '=', input.userId)
        .execute();
    }
    const previous = row?.status ?? 'away';
    if (previous !== eff.status) await changed(tx, input.workspaceId, input.userId, eff.status, previous, input.chosen ? 'manual' : 'returned', now);
    return { chosen, status: eff.status, reason: eff.reason, moved: previous !== eff.status };
  });
  if (out.moved) app.bus.poke(input.workspaceId);
  return { chosen: out.chosen, status: out.status, reason: out.reason };
}

export async function changed(
  tx: Kysely<DB>,
  workspaceId: string,
  userId: string,
  status: AvailabilityStatus,
  previous: AvailabilityStatus,
  reason: 'manual' | 'idle' | 'closed' | 'returned',
  now: number,
) {
  await appendEvent(tx, {
    workspaceId,
    type: 'member.availability_changed',
    actorUserId: reason === 'manual' ? userId : null,
    data: { userId, status, previous, reason },
    at: now,
  });
}
