import type { App } from '../app.js';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import { appendEvent } from '../events/append.js';
import type { Principal } from '../auth/principal.js';
import { conflict, forbidden } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import type { Role } from '../store/schema.js';
import { listMembers, type MemberView } from './list-members.js';
import { isUniqueViolation } from './is-unique-violation.js';
import { lockWorkspace } from './lock-workspace.js';
import { guardGrant } from './owner-guard.js';
import { BUILT_IN_PERMISSIONS } from '../auth/permissions.js';
import { inviteAccount } from './invitations/invite-account.js';
import { type InvitationView, loadInvitations } from './invitations/invitation-view.js';

export interface AddMemberInput {
  email: string;
  name: string;
  role: Role;
  password?: string;
}

export interface AddedMember extends MemberView {
  /** True: the account was created here (an existing account is invited instead). */
  newUser: true;
  /** Generated for a new user created without a password: shown once, never stored in clear. */
  generatedPassword?: string;
}

/** An existing account was invited rather than added: it joins when its owner accepts. */
export interface InvitedAccount {
  invited: true;
  invitation: InvitationView;
}

/**
 * Adds a person to the workspace with a role when the email is new, creating their account. An
 * email that already has an account (in another workspace) gets an invitation instead, which the
 * person accepts or declines (invitations/): an admin of one workspace must not be able to pull
 * someone's account into theirs, nor change its name or password.
 */
export async function addMember(app: App, actor: Principal, input: AddMemberInput): Promise<AddedMember | InvitedAccount> {
  if (input.role === 'owner' && actor.role !== 'owner') throw forbidden('only an owner can add an owner');
  guardGrant(actor, BUILT_IN_PERMISSIONS[input.role]);
  const db = app.store.db;
  const email = input.email.toLowerCase();
  const now = app.now();
  const known = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  const generated = !known && !input.password ? generatePassword() : undefined;
  // argon2 is slow on purpose; hash before the transaction so the workspace lock is held briefly.
  const passwordHash = known ? undefined : await hashPassword(input.password ?? generated!);

  const outcome = await db
    .transaction()
    .execute(async (tx) => {
      await lockWorkspace(tx, app.store.dialect, actor.workspaceId);
      const user = await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      if (user) {
        const already = await tx
          .selectFrom('memberships')
          .select('role')
          .where('workspace_id', '=', actor.workspaceId)
          .where('user_id', '=', user.id)
          .executeTakeFirst();
        if (already) throw conflict(`${email} is already a member of this workspace`);
        return { invitationId: await inviteAccount(tx, actor, user.id, input.role, now) };
      }
      // Accounts are never deleted, so one seen before the transaction is still here.
      if (!passwordHash) throw conflict('the account changed meanwhile; try again');
      const id = newId(now);
      await tx
        .insertInto('users')
        .values({ id, email, name: input.name, password_hash: passwordHash, created_at: now, must_change_password: generated ? 1 : 0 })
        .execute();
      await tx.insertInto('memberships').values({ workspace_id: actor.workspaceId, user_id: id, role: input.role, created_at: now }).execute();
      await appendEvent(tx, {
        workspaceId: actor.workspaceId,
        type: 'member.added',
        actorUserId: actor.userId,
        data: { userId: id, role: input.role },
        at: now,
      });
      return { userId: id };
    })
    .catch((err) => {
      // Another workspace created the same account at the same moment.
      throw isUniqueViolation(err) ? conflict(`${email} was just created elsewhere; try again`) : err;
    });
  app.bus.poke(actor.workspaceId);
  if ('invitationId' in outcome) {
    const [invitation] = await loadInvitations(db, now, { id: outcome.invitationId });
    return { invited: true, invitation: invitation! };
  }
  const [member] = await listMembers(db, actor.workspaceId, outcome.userId);
  return { ...member!, newUser: true, ...(generated ? { generatedPassword: generated } : {}) };
}
