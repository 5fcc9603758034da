import type { App } from '../app.js';
import { AppError } from '../lib/errors.js';
import { appendEvent } from '../events/append.js';
import { checkReferences, checkWebhookUrls } from './check-references.js';
import { checkRule } from './conditions.js';
import type { RulesFile } from './model.js';
import { insertRule } from './create-rule.js';
import { loadRules, publicRule } from './store.js';

/**
 * Imports an export file in one transaction: every rule is checked first (a bad one names its
 * index and nothing is written). `replace` deletes the workspace's rules first; otherwise the
 * imported rules go after the existing ones.
 */
export async function importRules(app: App, input: { workspaceId: string; actorUserId: string | null; file: RulesFile; replace?: boolean }) {
  const now = app.now();
  const rules = await app.store.db.transaction().execute(async (tx) => {
    for (const [i, rule] of input.file.rules.entries()) {
      try {
        checkRule(rule);
        checkWebhookUrls(app.config, rule);
        await checkReferences(tx, input.workspaceId, rule);
      } catch (err) {
        if (err instanceof AppError)
          throw new AppError(
            err.code,
            `rules[${i}] (${rule.name}): ${err.message}`,
            err.fields?.map((f) => ({ ...f, field: `rules.${i}.${f.field}` })),
          );
        throw err;
      }
    }
    if (input.replace) {
      for (const old of await loadRules(tx, input.workspaceId)) {
        await tx.deleteFrom('rules').where('id', '=', old.id).execute();
        await appendEvent(tx, {
          workspaceId: input.workspaceId,
          type: 'rule.deleted',
          actorUserId: input.actorUserId,
          data: { ruleId: old.id, name: old.name },
          at: now,
        });
      }
    }
    for (const rule of input.file.rules) await insertRule(tx, input.workspaceId, input.actorUserId, rule, now);
    return loadRules(tx, input.workspaceId);
  });
  app.bus.poke(input.workspaceId);
  return rules.map(publicRule);
}
