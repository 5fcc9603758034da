import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { invalid } from '../lib/errors.js';
import { loadRules, publicRule } from './store.js';

/** Puts the rules in the order given: `ids` must name every rule of the workspace exactly once. */
export async function reorderRules(app: App, input: { workspaceId: string; actorUserId: string | null; ids: string[] }) {
  const now = app.now();
  const rules = await app.store.db.transaction().execute(async (tx) => {
    const current = await loadRules(tx, input.workspaceId);
    const known = new Set(current.map((r) => r.id));
    const given = new Set(input.ids);
    if (given.size !== input.ids.length) throw invalid('ids', 'a rule is named twice');
    const unknown = input.ids.filter((i) => !known.has(i));
    if (unknown.length) throw invalid('ids', `not rules of this workspace: ${unknown.join(', ')}`);
    const left = current.filter((r) => !given.has(r.id)).map((r) => r.id);
    if (left.length) throw invalid('ids', `every rule must be listed; missing: ${left.join(', ')}`);
    for (const [i, id] of input.ids.entries()) {
      const before = current.find((r) => r.id === id)!;
      if (before.position === i + 1) continue;
      await tx
        .updateTable('rules')
        .set({ position: i + 1, updated_at: now })
        .where('id', '=', id)
        .execute();
      await appendEvent(tx, {
        workspaceId: input.workspaceId,
        type: 'rule.updated',
        actorUserId: input.actorUserId,
        data: { ruleId: id, name: before.name, changed: ['position'] },
        at: now,
      });
    }
    return loadRules(tx, input.workspaceId);
  });
  app.bus.poke(input.workspaceId);
  return rules.map(publicRule);
}
