import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

/**
 * Who hears of a breach: the assignee, and the lead of the conversation's team — the team's
 * members whose workspace role is admin or owner (leads are the people who configure the team's
 * work, see docs/sla.md). The list travels in the event, which is what notifications follow.
 */
export async function breachRecipients(db: Kysely<DB>, conv: { workspace_id: string; assignee_id: string | null; team_id: string | null }): Promise<string[]> {
  const ids = new Set<string>();
  if (conv.assignee_id) ids.add(conv.assignee_id);
  if (conv.team_id) {
    const leads = await db
      .selectFrom('team_members')
      .innerJoin('memberships', (j) =>
        j.onRef('memberships.user_id', '=', 'team_members.user_id').onRef('memberships.workspace_id', '=', 'team_members.workspace_id'),
      )
      .select('team_members.user_id')
      .where('team_members.workspace_id', '=', conv.workspace_id)
      .where('team_members.team_id', '=', conv.team_id)
      .where('memberships.role', 'in', ['admin', 'owner'])
      .execute();
    for (const l of leads) ids.add(l.user_id);
  }
  return [...ids].sort();
}
