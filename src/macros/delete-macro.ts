import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { appendEvent } from '../events/append.js';
import { loadEditableMacro } from './load-macro.js';

export async function deleteMacro(app: App, p: Principal, id: string) {
  await app.store.db.transaction().execute(async (tx) => {
    const m = await loadEditableMacro(tx, p, id);
    await tx.deleteFrom('macros').where('id', '=', m.id).execute();
    await appendEvent(tx, {
      workspaceId: p.workspaceId,
      type: 'macro.deleted',
      actorUserId: p.userId,
      data: { macroId: m.id, shared: m.user_id === null },
      at: app.now(),
    });
  });
}
