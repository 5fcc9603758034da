import type { App } from '../../app.js';
import { refuseInternalUrl } from '../../net/settings-guard.js';
import { appendEvent } from '../../events/append.js';
import { seal } from '../../lib/crypto.js';
import { invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { parseJson } from '../../lib/json.js';
import type { ListeningAlertRuleTable } from '../../store/schema.js';
import { validateQuery } from '../index.js';
import { DEFAULT_SPIKE_SETTINGS, presentRule, type SpikeSettings } from './present.js';

export interface SaveRuleInput {
  workspaceId: string;
  actorUserId: string;
  id?: string;
  name?: string;
  kind?: ListeningAlertRuleTable['kind'];
  queryId?: string | null;
  keyword?: string | null;
  settings?: Partial<SpikeSettings>;
  /** A Slack-compatible incoming webhook URL; null removes it. */
  webhookUrl?: string | null;
  /** Addresses each alert is e-mailed to (docs/listening.md); [] stops e-mail. */
  emailRecipients?: string[];
  active?: boolean;
}

/**
 * Creates or updates an alert rule. A keyword rule's keyword is a listening query expression
 * (parse errors are the parser's 400s, on field "keyword"); spike rules watch one saved query.
 */
export async function saveRule(app: App, input: SaveRuleInput) {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    let cur: ListeningAlertRuleTable | undefined;
    if (input.id) {
      cur = await tx
        .selectFrom('listening_alert_rules')
        .selectAll()
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (!cur) throw notFound('alert rule');
    }
    const kind = input.kind ?? cur?.kind;
    if (!kind) throw invalid('kind', 'is required');
    if (cur && kind !== cur.kind) throw invalid('kind', 'cannot be changed; create a new rule');
    const queryId = input.queryId !== undefined ? input.queryId : (cur?.query_id ?? null);
    if (queryId) {
      const q = await tx
        .selectFrom('listening_queries')
        .select('id')
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', queryId)
        .executeTakeFirst();
      if (!q) throw invalid('queryId', 'is not a listening query of this workspace');
    } else if (kind !== 'keyword') throw invalid('queryId', 'a spike rule watches one query');
    const keyword = input.keyword !== undefined ? input.keyword : (cur?.keyword ?? null);
    if (kind === 'keyword') {
      if (!keyword) throw invalid('keyword', 'is required for a keyword alert');
      try {
        validateQuery(keyword);
      } catch (e) {
        const reason = (e as { reason?: string }).reason ?? (e as Error).message;
        throw invalid('keyword', reason);
      }
    }
    const settings = { ...DEFAULT_SPIKE_SETTINGS, ...parseJson<Partial<SpikeSettings>>(cur?.settings, {}), ...input.settings };
    if (input.webhookUrl) refuseInternalUrl(app.config, 'webhookUrl', input.webhookUrl);
    const webhook =
      input.webhookUrl === undefined ? (cur?.webhook_url_enc ?? null) : input.webhookUrl === null ? null : seal(app.config.secretKey, input.webhookUrl);
    const next: ListeningAlertRuleTable = {
      id: cur?.id ?? newId(now),
      workspace_id: input.workspaceId,
      name: (input.name ?? cur?.name ?? kind).trim() || kind,
      kind,
      query_id: queryId,
      keyword: kind === 'keyword' ? keyword : null,
      settings: JSON.stringify(settings),
      webhook_url_enc: webhook,
      email_recipients:
        input.emailRecipients === undefined
          ? (cur?.email_recipients ?? '[]')
          : JSON.stringify([...new Set(input.emailRecipients.map((e) => e.trim().toLowerCase()))]),
      active: (input.active ?? (cur ? cur.active === 1 : true)) ? 1 : 0,
      // A new keyword rule looks only at mentions from now on.
      checked_until: cur?.checked_until ?? newId(now),
      last_fired_at: cur?.last_fired_at ?? null,
      created_by: cur?.created_by ?? input.actorUserId,
      created_at: cur?.created_at ?? now,
      updated_at: now,
    };
    if (cur) {
      const { id: _i, workspace_id: _w, created_at: _c, ...changes } = next;
      await tx.updateTable('listening_alert_rules').set(changes).where('id', '=', next.id).execute();
    } else await tx.insertInto('listening_alert_rules').values(next).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: cur ? 'listening_alert_rule.updated' : 'listening_alert_rule.created',
      actorUserId: input.actorUserId,
      data: { ruleId: next.id, kind },
      at: now,
    });
    return next;
  });
  return presentRule(row);
}

export async function listRules(app: App, input: { workspaceId: string }) {
  const rows = await app.store.db.selectFrom('listening_alert_rules').selectAll().where('workspace_id', '=', input.workspaceId).orderBy('name').execute();
  return rows.map(presentRule);
}

export async function deleteRule(app: App, input: { workspaceId: string; actorUserId: string; id: string }) {
  await app.store.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom('listening_alert_rules').where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('alert rule');
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'listening_alert_rule.deleted',
      actorUserId: input.actorUserId,
      data: { ruleId: input.id },
      at: app.now(),
    });
  });
}
