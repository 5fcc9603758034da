import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import { loadRules, presentRule, publicRule } from './store.js';

/**
 * Every rule of the workspace, in the order they run, each with how often it has fired and when
 * last — what a lead reads to see whether a rule is doing anything. Only firings that acted count
 * (`skipped` is a time rule whose conditions did not hold, `limited` the loop guard saying no).
 */
export async function listRules(app: App, workspaceId: string) {
  const db = app.store.db;
  const [rules, stats] = await Promise.all([
    loadRules(db, workspaceId),
    db
      .selectFrom('rule_firings')
      .select((eb) => ['rule_id', eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('last')])
      .where('workspace_id', '=', workspaceId)
      .where('outcome', 'not in', ['skipped', 'limited'])
      .groupBy('rule_id')
      .execute(),
  ]);
  const byRule = new Map(stats.map((s) => [s.rule_id, s]));
  return rules.map((r) => {
    const s = byRule.get(r.id);
    return { ...publicRule(r), firingCount: Number(s?.n ?? 0), lastFiredAt: s ? new Date(Number(s.last)).toISOString() : null };
  });
}

export async function getRule(app: App, workspaceId: string, id: string) {
  const row = await app.store.db.selectFrom('rules').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('rule');
  return publicRule(presentRule(row));
}
