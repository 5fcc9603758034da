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

export interface AddMemberInput {
  email: string;
  name: string;
  role: Role;
  password?: string;
}

export interface AddedMember extends MemberView {
  /** False when the email already had an account (in another workspace). */
  newUser: boolean;
  /** Generated for a new user created without a password: shown once, never stored in clear. */
  generatedPassword?: string;
}

/**
 * Adds a person to the workspace with a role, creating their account when the email is new.
 * An existing account keeps its name and password: an admin of one workspace must not be able to
 * take over an account that also belongs to another.
 */
export async function addMember(app: App, actor: Principal, input: AddMemberInput): Promise<AddedMember> {
  if (input.role === 'owner' && actor.role !== 'owner') throw forbidden('only an owner can add an owner');
  const db = app.store.db;
  const email = input.email.toLowerCase();
  const now = app.now();
  const known = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  const generated = !known && !input.password ? generatePassword() : undefined;
  // argon2 is slow on purpose; hash before the transaction so the workspace lock is held briefly.
  const passwordHash = known ? undefined : await hashPassword(input.password ?? generated!);

  const { userId, newUser } = await db
    .transaction()
    .execute(async (tx) => {
      await lockWorkspace(tx, app.store.dialect, actor.workspaceId);
      let user = await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      const newUser = !user;
      if (!user) {
        // Accounts are never deleted, so one seen before the transaction is still here.
        if (!passwordHash) throw conflict('the account changed meanwhile; try again');
        user = { id: newId(now) };
        await tx.insertInto('users').values({ id: user.id, email, name: input.name, password_hash: passwordHash, created_at: now }).execute();
      }
      const already = await tx
        .selectFrom('memberships')
        .select('role')
        .where('workspace_id', '=', actor.workspaceId)
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      if (already) throw conflict(`${email} is already a member of this workspace`);
      await tx.insertInto('memberships').values({ workspace_id: actor.workspaceId, user_id: user.id, role: input.role, created_at: now }).execute();
      await appendEvent(tx, {
        workspaceId: actor.workspaceId,
        type: 'member.added',
        actorUserId: actor.userId,
        data: { userId: user.id, role: input.role },
        at: now,
      });
      return { userId: user.id, newUser };
    })
    .catch((err) => {
      // Another workspace created the same account at the same moment.
      throw isUniqueViolation(err) ? conflict(`${email} was just created elsewhere; try again`) : err;
    });
  app.bus.poke(actor.workspaceId);
  const [member] = await listMembers(db, actor.workspaceId, userId);
  return { ...member, newUser, ...(newUser && generated ? { generatedPassword: generated } : {}) };
}
