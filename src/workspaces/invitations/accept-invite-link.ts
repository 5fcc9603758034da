import type { App } from '../../app.js';
import { type LoginResult, openSession } from '../../auth/login.js';
import { loginKeys, withAttempt } from '../../auth/login-rate-limit.js';
import { hashPassword, verifyPasswordOrDummy } from '../../auth/passwords.js';
import { appendEvent } from '../../events/append.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { lockWorkspace } from '../lock-workspace.js';
import { isUniqueViolation } from '../is-unique-violation.js';
import { findInviteLink } from './invite-links.js';

/** What the accept page shows before anything is typed. */
export async function describeInviteLink(app: App, token: string) {
  const inv = await findInviteLink(app.store.db, token, app.now());
  if (!inv) throw notFound('invitation (expired, used or revoked)');
  const user = await app.store.db.selectFrom('users').select('id').where('email', '=', inv.email).executeTakeFirst();
  return {
    workspace: { id: inv.workspace_id, name: inv.workspace_name },
    email: inv.email,
    role: inv.role,
    accountExists: !!user,
    expiresAt: Number(inv.expires_at),
  };
}

export type AcceptOutcome = { signedIn: true; session: LoginResult } | { signedIn: false; reason: 'two_factor' };

/**
 * Accepts an e-mail invitation. A new address sets its name and password here, and is signed in
 * to the workspace. An existing account proves itself with its password (counted like a sign-in);
 * with two-factor on, it joins and then signs in normally, code included. The link works once.
 */
export async function acceptInviteLink(
  app: App,
  input: { token: string; name?: string; password: string; ip: string; userAgent?: string },
): Promise<AcceptOutcome> {
  const db = app.store.db;
  const now = app.now();
  const inv = await findInviteLink(db, input.token, now);
  if (!inv) throw notFound('invitation (expired, used or revoked)');
  const existing = await db.selectFrom('users').select(['id', 'password_hash', 'totp_enabled_at']).where('email', '=', inv.email).executeTakeFirst();
  let newHash: string | undefined;
  if (existing) {
    const keys = loginKeys(input.ip, inv.email, app.config.loginMaxAttempts);
    const ok = await withAttempt(db, keys, app.config.loginWindowSeconds * 1000, now, () => verifyPasswordOrDummy(existing.password_hash, input.password));
    if (!ok) throw new AppError('unauthenticated', 'wrong password for this account');
  } else {
    if (!input.name?.trim()) throw invalid('name', 'is required for a new account');
    if (input.password.length < 10) throw invalid('password', 'must be at least 10 characters');
    newHash = await hashPassword(input.password);
  }
  const userId = await db
    .transaction()
    .execute(async (tx) => {
      await lockWorkspace(tx, app.store.dialect, inv.workspace_id);
      const taken = await tx
        .updateTable('invite_links')
        .set({ accepted_at: now })
        .where('id', '=', inv.id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) throw notFound('invitation (expired, used or revoked)');
      const id = existing?.id ?? newId(now);
      if (!existing)
        await tx.insertInto('users').values({ id, email: inv.email, name: input.name!.trim(), password_hash: newHash!, created_at: now }).execute();
      const member = await tx
        .selectFrom('memberships')
        .select('role')
        .where('workspace_id', '=', inv.workspace_id)
        .where('user_id', '=', id)
        .executeTakeFirst();
      if (!member) {
        await tx.insertInto('memberships').values({ workspace_id: inv.workspace_id, user_id: id, role: inv.role, created_at: now }).execute();
        await appendEvent(tx, { workspaceId: inv.workspace_id, type: 'member.added', actorUserId: id, data: { userId: id, role: inv.role }, at: now });
      }
      // A pending in-app invitation to the same workspace is answered by this one.
      await tx.deleteFrom('invitations').where('workspace_id', '=', inv.workspace_id).where('user_id', '=', id).execute();
      await appendEvent(tx, {
        workspaceId: inv.workspace_id,
        type: 'member.invite_link_accepted',
        actorUserId: id,
        data: { inviteId: inv.id, userId: id, role: inv.role, newAccount: !existing },
        at: now,
      });
      return id;
    })
    .catch((err) => {
      throw isUniqueViolation(err) ? new AppError('conflict', 'this account was just created; open the link again') : err;
    });
  app.bus.poke(inv.workspace_id);
  if (existing && existing.totp_enabled_at !== null) return { signedIn: false, reason: 'two_factor' };
  return { signedIn: true, session: await openSession(app, { userId, workspaceId: inv.workspace_id, ip: input.ip, userAgent: input.userAgent }) };
}
