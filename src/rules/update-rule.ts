import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { notFound } from '../lib/errors.js';
import { checkReferences, checkWebhookUrls } from './check-references.js';
import { checkRule } from './conditions.js';
import { type RulePatch, ruleInputSchema } from './model.js';
import { presentRule, publicRule, ruleColumns } from './store.js';

/**
 * Changes a rule: the fields given replace the stored ones (enable/disable is `enabled`), and
 * `position` moves it (1 = runs first). Firings already logged keep what they did.
 */
export async function updateRule(app: App, input: { workspaceId: string; actorUserId: string | null; id: string; patch: RulePatch & { position?: number } }) {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('rules').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('rule');
    const current = presentRule(row);
    const { position, ...patch } = input.patch;
    // The merged rule is checked as a whole (a new trigger with old actions must still make sense).
    const merged = ruleInputSchema.parse({
      name: current.name,
      enabled: current.enabled,
      trigger: current.trigger,
      conditions: current.conditions,
      actions: current.actions,
      stopProcessing: current.stopProcessing,
      triggersOtherRules: current.triggersOtherRules,
      ...patch,
    });
    checkRule(merged);
    checkWebhookUrls(app.config, merged);
    if (patch.actions || patch.conditions) await checkReferences(tx, input.workspaceId, merged);
    const changed = Object.keys(patch);
    let at = row.position;
    if (position !== undefined && position !== row.position) {
      const count = Number(
        (
          await tx
            .selectFrom('rules')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('workspace_id', '=', input.workspaceId)
            .executeTakeFirstOrThrow()
        ).n,
      );
      at = Math.max(1, Math.min(position, count));
      // Close the gap it leaves, open one where it goes.
      await tx
        .updateTable('rules')
        .set((eb) => ({ position: eb('position', '-', 1) }))
        .where('workspace_id', '=', input.workspaceId)
        .where('position', '>', row.position)
        .execute();
      await tx
        .updateTable('rules')
        .set((eb) => ({ position: eb('position', '+', 1) }))
        .where('workspace_id', '=', input.workspaceId)
        .where('position', '>=', at)
        .where('id', '!=', row.id)
        .execute();
      changed.push('position');
    }
    const next = { ...row, ...ruleColumns(merged), position: at, updated_at: now };
    await tx
      .updateTable('rules')
      .set({ ...ruleColumns(merged), position: at, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'rule.updated',
      actorUserId: input.actorUserId,
      data: { ruleId: row.id, name: next.name, changed },
      at: now,
    });
    return next;
  });
  app.bus.poke(input.workspaceId);
  return publicRule(presentRule(row));
}
