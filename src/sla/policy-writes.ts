import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { enqueueJob } from '../jobs/queue.js';
import { invalid } from '../lib/errors.js';
import type { DB } from '../store/schema.js';
import { loadPolicies } from './load-policies.js';
import type { PolicyMatch } from './policy.js';
import { slaRescanJob } from './rescan.js';

/** What creating and changing a policy share: channel checks, ordering, the event and the rescan. */

const MIN = 60_000;
export const minutesToMs = (m: number | null) => (m === null ? null : m * MIN);

export async function checkChannels(db: Kysely<DB>, workspaceId: string, match: PolicyMatch | undefined) {
  if (!match?.channelIds.length) return;
  const found = await db.selectFrom('channels').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', match.channelIds).execute();
  const known = new Set(found.map((c) => c.id));
  const stranger = match.channelIds.find((id) => !known.has(id));
  if (stranger) throw invalid('match.channelIds', `${stranger} is not a channel of this workspace`);
}

/** Puts `id` at `position` and renumbers the others 0..n-1 (order is what "first match wins" reads). */
export async function reorder(db: Kysely<DB>, workspaceId: string, id: string, position: number | undefined, now: number) {
  const ids = (await loadPolicies(db, workspaceId)).map((p) => p.id).filter((x) => x !== id);
  ids.splice(position === undefined ? ids.length : Math.min(position, ids.length), 0, id);
  for (const [i, pid] of ids.entries())
    await db.updateTable('sla_policies').set({ position: i, updated_at: now }).where('id', '=', pid).where('position', '!=', i).execute();
}

export async function afterChange(
  app: App,
  tx: Kysely<DB>,
  workspaceId: string,
  actorUserId: string,
  policyId: string,
  type: 'sla_policy.created' | 'sla_policy.updated' | 'sla_policy.deleted',
  now: number,
) {
  await appendEvent(tx, { workspaceId, type, actorUserId, data: { policyId }, at: now });
  // Conversations already waiting get the new targets now, not at their next message.
  await enqueueJob(tx, slaRescanJob, { payload: { after: null }, workspaceId, runAt: now, now });
}
