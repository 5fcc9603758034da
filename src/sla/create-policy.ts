import type { App } from '../app.js';
import { newId } from '../lib/ids.js';
import { getPolicy } from './get-policy.js';
import type { PolicyCreate } from './policy.js';
import { afterChange, checkChannels, minutesToMs, reorder } from './policy-writes.js';
import type { SlaPolicyTable } from '../store/schema.js';

export async function createPolicy(app: App, input: { workspaceId: string; actorUserId: string; policy: PolicyCreate }) {
  const now = app.now();
  const p = input.policy;
  const id = newId(now);
  await app.store.db.transaction().execute(async (tx) => {
    await checkChannels(tx, input.workspaceId, p.match);
    const row: SlaPolicyTable = {
      id,
      workspace_id: input.workspaceId,
      name: p.name,
      position: 1_000_000, // placed by reorder() just below
      enabled: p.enabled ? 1 : 0,
      match: JSON.stringify(p.match),
      time_mode: p.timeMode,
      first_response_ms: minutesToMs(p.targets.firstResponseMinutes),
      next_response_ms: minutesToMs(p.targets.nextResponseMinutes),
      resolution_ms: minutesToMs(p.targets.resolutionMinutes),
      warn_percent: p.warnPercent,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('sla_policies').values(row).execute();
    await reorder(tx, input.workspaceId, id, p.position, now);
    await afterChange(app, tx, input.workspaceId, input.actorUserId, id, 'sla_policy.created', now);
  });
  app.bus.poke('__jobs__');
  return getPolicy(app, input.workspaceId, id);
}
