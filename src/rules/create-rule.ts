import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { conflict } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import type { DB } from '../store/schema.js';
import { checkReferences, checkWebhookUrls } from './check-references.js';
import { checkRule } from './conditions.js';
import { LIMITS, type RuleInput } from './model.js';
import { presentRule, publicRule, ruleColumns } from './store.js';

/** Creates a rule at the end of the list (runs last) unless `position` says where (1 = first). */
export async function createRule(app: App, input: { workspaceId: string; actorUserId: string | null; rule: RuleInput; position?: number }) {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    checkRule(input.rule);
    checkWebhookUrls(app.config, input.rule);
    await checkReferences(tx, input.workspaceId, input.rule);
    return insertRule(tx, input.workspaceId, input.actorUserId, input.rule, now, input.position);
  });
  app.bus.poke(input.workspaceId);
  return publicRule(presentRule(row));
}

/** Inserts one rule inside the caller's transaction (create, import). */
export async function insertRule(tx: Kysely<DB>, workspaceId: string, actorUserId: string | null, rule: RuleInput, now: number, position?: number) {
  const count = Number(
    (
      await tx
        .selectFrom('rules')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (count >= LIMITS.rules) throw conflict(`a workspace has at most ${LIMITS.rules} rules`);
  const at = position === undefined ? count + 1 : Math.max(1, Math.min(position, count + 1));
  if (at <= count)
    await tx
      .updateTable('rules')
      .set((eb) => ({ position: eb('position', '+', 1) }))
      .where('workspace_id', '=', workspaceId)
      .where('position', '>=', at)
      .execute();
  const row = { id: newId(now), workspace_id: workspaceId, position: at, ...ruleColumns(rule), created_by: actorUserId, created_at: now, updated_at: now };
  await tx.insertInto('rules').values(row).execute();
  await appendEvent(tx, { workspaceId, type: 'rule.created', actorUserId, data: { ruleId: row.id, name: row.name }, at: now });
  return row;
}
