import type { Kysely } from 'kysely';
import { sha256Hex } from '../../lib/crypto.js';
import type { DB, Role } from '../../store/schema.js';

/** An e-mail invitation lasts a week; sending it again makes a new link and voids the old one. */
export const INVITE_LINK_DAYS = 7;

export interface InviteLinkView {
  id: string;
  email: string;
  role: Role;
  invitedBy: { id: string; name: string };
  createdAt: number;
  expiresAt: number;
}

/** Pending e-mail invitations of a workspace (not accepted, revoked or expired), oldest first. */
export async function listInviteLinks(db: Kysely<DB>, workspaceId: string, now: number): Promise<InviteLinkView[]> {
  const rows = await db
    .selectFrom('invite_links as l')
    .innerJoin('users as by', 'by.id', 'l.invited_by')
    .select(['l.id', 'l.email', 'l.role', 'l.created_at', 'l.expires_at', 'by.id as by_id', 'by.name as by_name'])
    .where('l.workspace_id', '=', workspaceId)
    .where('l.accepted_at', 'is', null)
    .where('l.revoked_at', 'is', null)
    .where('l.expires_at', '>', now)
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    invitedBy: { id: r.by_id, name: r.by_name },
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
  }));
}

/** The pending invitation a link's token names, with its workspace; undefined when expired, used, revoked or unknown. */
export async function findInviteLink(db: Kysely<DB>, token: string, now: number) {
  return db
    .selectFrom('invite_links as l')
    .innerJoin('workspaces as w', 'w.id', 'l.workspace_id')
    .select(['l.id', 'l.email', 'l.role', 'l.workspace_id', 'w.name as workspace_name', 'l.expires_at'])
    .where('l.token_hash', '=', sha256Hex(token))
    .where('l.accepted_at', 'is', null)
    .where('l.revoked_at', 'is', null)
    .where('l.expires_at', '>', now)
    .executeTakeFirst();
}
