import type { Kysely } from 'kysely';
import type { ConversationKind, DB } from '../store/schema.js';
import { effectiveAvailability, idleMsOf, loadAvailability } from './availability.js';
import type { Candidate } from './decide.js';
import type { TeamRouting } from './settings.js';

/** Open conversations assigned to each of these members, by kind (spam and removed ones do not count). */
export async function loadLoads(db: Kysely<DB>, workspaceId: string, userIds: readonly string[]) {
  const out = new Map<string, Partial<Record<ConversationKind, number>>>();
  if (!userIds.length) return out;
  const rows = await db
    .selectFrom('conversations')
    .select(['assignee_id', 'kind', (eb) => eb.fn.countAll().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('assignee_id', 'in', [...userIds])
    .where('status', '=', 'open')
    .where('spam_at', 'is', null)
    .where('removed_at', 'is', null)
    .groupBy(['assignee_id', 'kind'])
    .execute();
  for (const r of rows) {
    const m = out.get(r.assignee_id!) ?? {};
    m[r.kind] = Number(r.n);
    out.set(r.assignee_id!, m);
  }
  return out;
}

/**
 * The team's members as routing sees them now: effective availability, load, capacity with
 * their override, skills, and their place in the round-robin rotation. Viewers are left out
 * (they cannot answer).
 */
export async function loadCandidates(db: Kysely<DB>, workspaceId: string, team: TeamRouting, now: number, idleMinutes: number): Promise<Candidate[]> {
  const ids = team.members.map((m) => m.userId);
  if (!ids.length) return [];
  const [availability, loads, roles] = await Promise.all([
    loadAvailability(db, workspaceId, ids),
    loadLoads(db, workspaceId, ids),
    db.selectFrom('memberships').select(['user_id', 'role']).where('workspace_id', '=', workspaceId).where('user_id', 'in', ids).execute(),
    db.selectFrom('team_routing_members').select(['user_id', 'last_seq']).where('workspace_id', '=', workspaceId).where('team_id', '=', team.teamId).execute(),
  ]);
  const role = new Map(roles.map((r) => [r.user_id, r.role]));
  const idleMs = idleMsOf(idleMinutes);
  return team.members
    .filter((m) => role.has(m.userId) && role.get(m.userId) !== 'viewer')
    .map((m) => ({
      userId: m.userId,
      status: effectiveAvailability(availability.get(m.userId), now, idleMs).status,
      load: loads.get(m.userId) ?? {},
      capacity: { ...team.capacity, ...(m.capacity ?? {}) },
      languages: m.languages,
      channels: m.channels,
      tags: m.tags,
      lastSeq: m.lastSeq,
    }));
}
