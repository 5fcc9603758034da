import type { App } from '../../app.js';
import { parsePermissions } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import { appendEvent } from '../../events/append.js';
import { AppError, notFound } from '../../lib/errors.js';
import { lockWorkspace } from '../lock-workspace.js';
import { guardGrant } from '../owner-guard.js';

/**
 * Deletes a custom role nobody has. A role still given to a member or used in a team answers 409
 * `role_in_use` (give those people another role first) rather than silently taking their
 * permissions away. Under the workspace lock, which every role assignment takes too.
 */
export async function deleteRole(app: App, actor: Principal, roleId: string): Promise<void> {
  const ws = actor.workspaceId;
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    await lockWorkspace(tx, app.store.dialect, ws);
    const r = await tx.selectFrom('roles').select(['id', 'name', 'permissions']).where('workspace_id', '=', ws).where('id', '=', roleId).executeTakeFirst();
    if (!r) throw notFound('role');
    guardGrant(actor, parsePermissions(r.permissions));
    const count = async (table: 'memberships' | 'team_roles') =>
      Number(
        (
          await tx
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('workspace_id', '=', ws)
            .where('role', '=', 'custom')
            .where('role_id', '=', roleId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const [members, places] = [await count('memberships'), await count('team_roles')];
    if (members + places > 0)
      throw new AppError(
        'role_in_use',
        `the role "${r.name}" is still given to ${members} member(s) and ${places} team place(s); give them another role first`,
      );
    await tx.deleteFrom('roles').where('workspace_id', '=', ws).where('id', '=', roleId).execute();
    await appendEvent(tx, { workspaceId: ws, type: 'role.deleted', actorUserId: actor.userId, data: { roleId, name: r.name }, at: now });
  });
  app.bus.poke(ws);
}
