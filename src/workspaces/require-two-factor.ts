import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { appendEvent } from '../events/append.js';
import { forbidden } from '../lib/errors.js';

/**
 * The owner's "every member signs in with two-factor". Members without it are sent to the
 * enrolment before anything else (auth/account-gate.ts); the owner must have it on first, so
 * they cannot lock themselves out of their own settings.
 */
export async function setRequireTwoFactor(app: App, actor: Principal, required: boolean): Promise<{ requireTwoFactor: boolean }> {
  if (actor.role !== 'owner') throw forbidden('only an owner can require two-factor sign-in');
  const db = app.store.db;
  const now = app.now();
  if (required) {
    const me = await db.selectFrom('users').select('totp_enabled_at').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    if (me.totp_enabled_at === null) throw forbidden('turn two-factor sign-in on for your own account first');
  }
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('workspaces')
      .set({ require_two_factor: required ? 1 : 0 })
      .where('id', '=', actor.workspaceId)
      .execute();
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      type: 'workspace.two_factor_requirement_changed',
      actorUserId: actor.userId,
      data: { required },
      at: now,
    });
  });
  app.bus.poke(actor.workspaceId);
  return { requireTwoFactor: required };
}

export async function getRequireTwoFactor(app: App, workspaceId: string): Promise<boolean> {
  const w = await app.store.db.selectFrom('workspaces').select('require_two_factor').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return !!w.require_two_factor;
}
