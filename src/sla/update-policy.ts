import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import { getPolicy } from './get-policy.js';
import type { PolicyPatch } from './policy.js';
import { afterChange, checkChannels, minutesToMs, reorder } from './policy-writes.js';
import type { SlaPolicyTable } from '../store/schema.js';

export async function updatePolicy(app: App, input: { workspaceId: string; actorUserId: string; id: string; patch: PolicyPatch }) {
  const now = app.now();
  const p = input.patch;
  await app.store.db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom('sla_policies').select('id').where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
    if (!cur) throw notFound('SLA policy');
    await checkChannels(tx, input.workspaceId, p.match);
    const set: Partial<SlaPolicyTable> = { updated_at: now };
    if (p.name !== undefined) set.name = p.name;
    if (p.enabled !== undefined) set.enabled = p.enabled ? 1 : 0;
    if (p.match !== undefined) set.match = JSON.stringify(p.match);
    if (p.timeMode !== undefined) set.time_mode = p.timeMode;
    if (p.warnPercent !== undefined) set.warn_percent = p.warnPercent;
    if (p.targets !== undefined) {
      set.first_response_ms = minutesToMs(p.targets.firstResponseMinutes);
      set.next_response_ms = minutesToMs(p.targets.nextResponseMinutes);
      set.resolution_ms = minutesToMs(p.targets.resolutionMinutes);
    }
    await tx.updateTable('sla_policies').set(set).where('id', '=', input.id).execute();
    if (p.position !== undefined) await reorder(tx, input.workspaceId, input.id, p.position, now);
    await afterChange(app, tx, input.workspaceId, input.actorUserId, input.id, 'sla_policy.updated', now);
  });
  app.bus.poke('__jobs__');
  return getPolicy(app, input.workspaceId, input.id);
}
