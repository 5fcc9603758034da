import type { App } from '../../app.js';
import { BUILT_IN_PERMISSIONS } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import { appLink, sendSystemMail } from '../../auth/system-mail.js';
import { appendEvent } from '../../events/append.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { conflict, forbidden, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Role } from '../../store/schema.js';
import { lockWorkspace } from '../lock-workspace.js';
import { guardGrant } from '../owner-guard.js';
import { INVITE_LINK_DAYS, type InviteLinkView, listInviteLinks } from './invite-links.js';

export interface SentInvite {
  invitation: InviteLinkView;
  /** The link itself: the admin's "Copy link" when no mail server is configured (or the mail failed). */
  link: string;
  mailed: boolean;
}

/**
 * Invites an e-mail address (a new or an existing account) with a role: a link, valid a week and
 * once, that leads to the accept page. Mailed when HEARKEN_SMTP_URL is set; the admin gets the
 * link either way, to pass on themselves. Inviting the same address again replaces the pending
 * link (the old one stops working). The token is stored only as its sha256.
 */
export async function inviteByEmail(app: App, actor: Principal, input: { email: string; role: Role }): Promise<SentInvite> {
  if (input.role === 'owner' && actor.role !== 'owner') throw forbidden('only an owner can invite an owner');
  guardGrant(actor, BUILT_IN_PERMISSIONS[input.role]);
  const db = app.store.db;
  const now = app.now();
  const email = input.email.toLowerCase();
  const token = randomToken(32);
  const id = newId(now);
  const ws = await db.transaction().execute(async (tx) => {
    await lockWorkspace(tx, app.store.dialect, actor.workspaceId);
    const member = await tx
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('users.id')
      .where('memberships.workspace_id', '=', actor.workspaceId)
      .where('users.email', '=', email)
      .executeTakeFirst();
    if (member) throw conflict(`${email} is already a member of this workspace`);
    await tx
      .updateTable('invite_links')
      .set({ revoked_at: now })
      .where('workspace_id', '=', actor.workspaceId)
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    await tx
      .insertInto('invite_links')
      .values({
        id,
        workspace_id: actor.workspaceId,
        email,
        role: input.role,
        token_hash: sha256Hex(token),
        invited_by: actor.userId,
        created_at: now,
        expires_at: now + INVITE_LINK_DAYS * 86_400_000,
        accepted_at: null,
        revoked_at: null,
      })
      .execute();
    return tx
      .selectFrom('workspaces')
      .innerJoin('users', (j) => j.on('users.id', '=', actor.userId))
      .select(['workspaces.name', 'users.name as by'])
      .where('workspaces.id', '=', actor.workspaceId)
      .executeTakeFirstOrThrow();
  });
  const link = appLink(app, '/accept-invite', token);
  const mailed = await sendSystemMail(app, {
    to: email,
    subject: `${ws.by} invites you to ${ws.name} on Hearken`,
    text: `Hello,\n\n${ws.by} invites you to join ${ws.name} on Hearken as ${input.role}.\nAccept within ${INVITE_LINK_DAYS} days here:\n\n${link}\n\nIf you did not expect this, ignore this mail.\n`,
  });
  await db.transaction().execute((tx) =>
    appendEvent(tx, {
      workspaceId: actor.workspaceId,
      type: 'member.invite_link_sent',
      actorUserId: actor.userId,
      data: { inviteId: id, role: input.role, mailed },
      at: now,
    }),
  );
  app.bus.poke(actor.workspaceId);
  const invitation = (await listInviteLinks(db, actor.workspaceId, now)).find((i) => i.id === id)!;
  return { invitation, link, mailed };
}

/** Revokes a pending e-mail invitation of this workspace (an owner's invitation: owners only). */
export async function revokeInviteLink(app: App, actor: Principal, id: string): Promise<void> {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const inv = await tx
      .selectFrom('invite_links')
      .select(['id', 'role'])
      .where('id', '=', id)
      .where('workspace_id', '=', actor.workspaceId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!inv) throw notFound('invitation');
    if (inv.role === 'owner' && actor.role !== 'owner') throw forbidden('only an owner can revoke an invitation to be owner');
    await tx.updateTable('invite_links').set({ revoked_at: now }).where('id', '=', inv.id).execute();
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      type: 'member.invite_link_revoked',
      actorUserId: actor.userId,
      data: { inviteId: inv.id, role: inv.role },
      at: now,
    });
  });
  app.bus.poke(actor.workspaceId);
}
