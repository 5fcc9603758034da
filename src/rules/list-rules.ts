import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import { loadRules, presentRule, publicRule } from './store.js';

/** Every rule of the workspace, in the order they run. */
export async function listRules(app: App, workspaceId: string) {
  return (await loadRules(app.store.db, workspaceId)).map(publicRule);
}

export async function getRule(app: App, workspaceId: string, id: string) {
  const row = await app.store.db.selectFrom('rules').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('rule');
  return publicRule(presentRule(row));
}
