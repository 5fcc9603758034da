import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import type { DB, SlaClockTable } from '../store/schema.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const presentClock = (c: SlaClockTable) => ({
  id: c.id,
  target: c.target,
  policyId: c.policy_id,
  policyName: c.policy_name,
  timeMode: c.time_mode,
  targetMinutes: Math.round(c.target_ms / 60_000),
  status: c.status,
  startedAt: iso(c.started_at),
  dueAt: iso(c.due_at),
  warnAt: iso(c.warn_at),
  stoppedAt: iso(c.stopped_at),
  breachedAt: iso(c.breached_at),
});

/** Every SLA clock of one conversation, oldest first. */
export async function conversationSla(app: App, workspaceId: string, conversationId: string) {
  const conv = await app.store.db
    .selectFrom('conversations')
    .select(['id', 'sla_due_at'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!conv) throw notFound('conversation');
  const clocks = await app.store.db
    .selectFrom('sla_clocks')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('started_at')
    .orderBy('target')
    .execute();
  return { conversationId, dueAt: iso(conv.sla_due_at ?? null), clocks: clocks.map(presentClock) };
}

/**
 * What a queue row shows: the nearest running clock — which target, when it is due, and whether
 * that time has passed (breached). One query for a page.
 */
export async function queueSla(
  db: Kysely<DB>,
  conversationIds: string[],
  now: number,
): Promise<Map<string, { target: string; dueAt: string; breached: boolean; msLeft: number }>> {
  const out = new Map<string, { target: string; dueAt: string; breached: boolean; msLeft: number }>();
  if (!conversationIds.length) return out;
  const rows = await db
    .selectFrom('sla_clocks')
    .select(['conversation_id', 'target', 'due_at', 'status'])
    .where('conversation_id', 'in', conversationIds)
    .where('stopped_at', 'is', null)
    .where('status', 'in', ['running', 'breached'])
    .where('due_at', 'is not', null)
    .execute();
  for (const r of rows.sort((a, b) => a.due_at! - b.due_at!)) {
    if (out.has(r.conversation_id)) continue;
    out.set(r.conversation_id, { target: r.target, dueAt: iso(r.due_at)!, breached: r.due_at! <= now, msLeft: r.due_at! - now });
  }
  return out;
}
