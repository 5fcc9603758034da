import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { requirePermission } from '../auth/roles.js';
import { appendEvent } from '../events/append.js';
import { conflict } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import type { MacroTable } from '../store/schema.js';
import { loadEditableMacro } from './load-macro.js';
import type { MacroInput } from './model.js';
import { presentMacro } from './present.js';
import { checkMacroReferences } from './check-references.js';

/**
 * Creates a macro, or replaces one when `id` is given (a partial input keeps the other fields).
 * Names are unique among what one member sees: shared macros and their own.
 * Sharing, or changing a shared macro, needs settings.manage (as shared views do).
 */
export async function saveMacro(app: App, p: Principal, input: Partial<MacroInput> & { id?: string }) {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    const current = input.id ? await loadEditableMacro(tx, p, input.id) : undefined;
    const shared = input.shared ?? (current ? current.user_id === null : false);
    if (shared && (!current || current.user_id !== null)) requirePermission(p, 'settings.manage');
    const ownerId = shared ? null : (current?.user_id ?? p.userId);
    const name = input.name ?? current?.name ?? '';
    const clash = await tx
      .selectFrom('macros')
      .select(['id'])
      .where('workspace_id', '=', p.workspaceId)
      .where('name', '=', name)
      .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', ownerId ?? p.userId)]))
      .executeTakeFirst();
    if (clash && clash.id !== current?.id) throw conflict(`a macro named "${name}" already exists`);
    if (input.actions) await checkMacroReferences(tx, p.workspaceId, input.actions);
    const next: MacroTable = {
      id: current?.id ?? newId(now),
      workspace_id: p.workspaceId,
      user_id: ownerId,
      name,
      description: input.description ?? current?.description ?? '',
      actions: input.actions ? JSON.stringify(input.actions) : (current?.actions ?? '[]'),
      applied_count: current?.applied_count ?? 0,
      last_applied_at: current?.last_applied_at ?? null,
      created_by: current?.created_by ?? p.userId,
      created_at: current?.created_at ?? now,
      updated_at: now,
    };
    if (current)
      await tx
        .updateTable('macros')
        .set({ user_id: next.user_id, name: next.name, description: next.description, actions: next.actions, updated_at: now })
        .where('id', '=', next.id)
        .execute();
    else await tx.insertInto('macros').values(next).execute();
    await appendEvent(tx, {
      workspaceId: p.workspaceId,
      type: current ? 'macro.updated' : 'macro.created',
      actorUserId: p.userId,
      data: { macroId: next.id, shared: next.user_id === null },
      at: now,
    });
    return next;
  });
  return presentMacro(row);
}
