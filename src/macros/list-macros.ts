import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { presentMacro } from './present.js';

/** The macros a member can apply: the workspace's shared ones and their own, most used first. */
export async function listMacros(app: App, p: Pick<Principal, 'workspaceId' | 'userId'>) {
  const rows = await app.store.db
    .selectFrom('macros')
    .selectAll()
    .where('workspace_id', '=', p.workspaceId)
    .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', p.userId)]))
    .orderBy('applied_count', 'desc')
    .orderBy('name')
    .execute();
  return rows.map(presentMacro);
}
