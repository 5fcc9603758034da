import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import { loadPolicies } from './load-policies.js';
import { afterChange } from './policy-writes.js';

/**
 * Deletes a policy. Finished clocks keep their outcomes (history); running ones follow the
 * conversations' new match on the rescan this enqueues — another policy's target, or no clock.
 */
export async function deletePolicy(app: App, input: { workspaceId: string; actorUserId: string; id: string }) {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom('sla_policies').where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('SLA policy');
    const rest = await loadPolicies(tx, input.workspaceId);
    for (const [i, p] of rest.entries()) if (p.position !== i) await tx.updateTable('sla_policies').set({ position: i }).where('id', '=', p.id).execute();
    await afterChange(app, tx, input.workspaceId, input.actorUserId, input.id, 'sla_policy.deleted', now);
  });
  app.bus.poke('__jobs__');
}
