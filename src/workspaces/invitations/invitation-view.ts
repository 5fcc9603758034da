import type { Kysely } from 'kysely';
import type { DB, Role } from '../../store/schema.js';

/** Invitations last this long; inviting the same account again renews one. */
export const INVITATION_DAYS = 14;

/** A pending invitation as both sides see it: the workspace's admins and the invited person. */
export interface InvitationView {
  id: string;
  workspace: { id: string; name: string };
  /** The invited account (its email and name, which the workspace cannot change). */
  user: { id: string; email: string; name: string };
  role: Role;
  invitedBy: { id: string; name: string };
  createdAt: number;
  expiresAt: number;
}

/** Pending, unexpired invitations, for one workspace or one account, oldest first. */
export async function loadInvitations(db: Kysely<DB>, now: number, by: { workspaceId?: string; userId?: string; id?: string }): Promise<InvitationView[]> {
  let q = db
    .selectFrom('invitations as i')
    .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .innerJoin('users as by', 'by.id', 'i.invited_by')
    .select([
      'i.id',
      'i.role',
      'i.created_at',
      'i.expires_at',
      'w.id as workspace_id',
      'w.name as workspace_name',
      'u.id as user_id',
      'u.email as user_email',
      'u.name as user_name',
      'by.id as by_id',
      'by.name as by_name',
    ])
    .where('i.expires_at', '>', now)
    .orderBy('i.created_at')
    .orderBy('i.id');
  if (by.workspaceId) q = q.where('i.workspace_id', '=', by.workspaceId);
  if (by.userId) q = q.where('i.user_id', '=', by.userId);
  if (by.id) q = q.where('i.id', '=', by.id);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    workspace: { id: r.workspace_id, name: r.workspace_name },
    user: { id: r.user_id, email: r.user_email, name: r.user_name },
    role: r.role,
    invitedBy: { id: r.by_id, name: r.by_name },
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  }));
}
