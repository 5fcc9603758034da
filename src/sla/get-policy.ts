import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import { loadPolicies } from './load-policies.js';
import { presentPolicy, toPolicy } from './policy.js';

export async function getPolicy(app: App, workspaceId: string, id: string) {
  const row = await app.store.db.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('SLA policy');
  return presentPolicy(toPolicy(row));
}

export async function listPolicies(app: App, workspaceId: string) {
  return (await loadPolicies(app.store.db, workspaceId)).map(presentPolicy);
}
