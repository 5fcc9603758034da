import type { Kysely } from 'kysely';
import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { enqueueJob } from '../../jobs/queue.js';
import { newId } from '../../lib/ids.js';
import { parseJson } from '../../lib/json.js';
import type { DB, ListeningAlertRuleTable } from '../../store/schema.js';
import { matchesQuery, parseQuery } from '../index.js';
import { alertWebhookJob } from './deliver-webhook.js';
import { alertEmailJob } from './deliver-email.js';
import { DEFAULT_SPIKE_SETTINGS, type SpikeSettings } from './present.js';
import { detectNegativeSpike, detectSpike } from './spikes.js';

/** Mention ids an alert keeps (the posts it links to). */
const MAX_LINKED = 20;
const KEYWORD_BATCH = 500;

/**
 * Evaluates every active alert rule (of one workspace, or all): keyword rules over the mentions
 * that arrived since they last looked, spike rules over the query's windows. Runs in the
 * scheduler's listening lane right after the polls, so a keyword alert fires within a poll of the
 * post arriving. Returns the number of alerts raised.
 */
export async function evaluateAlerts(app: App, o: { workspaceId?: string } = {}): Promise<number> {
  let q = app.store.db.selectFrom('listening_alert_rules').selectAll().where('active', '=', 1);
  if (o.workspaceId) q = q.where('workspace_id', '=', o.workspaceId);
  let fired = 0;
  for (const rule of await q.execute()) fired += rule.kind === 'keyword' ? await keywordRule(app, rule) : await spikeRule(app, rule);
  return fired;
}

async function keywordRule(app: App, rule: ListeningAlertRuleTable): Promise<number> {
  const db = app.store.db;
  let q = db
    .selectFrom('mentions')
    .innerJoin('listening_posts as p', 'p.id', 'mentions.post_id')
    .select(['mentions.id', 'p.text', 'p.author', 'p.lang', 'p.url', 'p.source_kind'])
    .where('mentions.workspace_id', '=', rule.workspace_id)
    .where('mentions.id', '>', rule.checked_until ?? '');
  if (rule.query_id) {
    const qid = rule.query_id;
    q = q.where('mentions.id', 'in', (eb) => eb.selectFrom('mention_queries').select('mention_id').where('query_id', '=', qid));
  }
  const rows = await q.orderBy('mentions.id').limit(KEYWORD_BATCH).execute();
  if (!rows.length) return 0;
  let parsed;
  try {
    parsed = parseQuery(rule.keyword ?? '');
  } catch {
    return 0; // validated on save; a later limit change must not stop the others
  }
  const hits = rows.filter((r) =>
    matchesQuery(parsed, { text: r.text, author: r.author ?? undefined, lang: r.lang ?? undefined, url: r.url ?? undefined, source: r.source_kind }),
  );
  const last = rows[rows.length - 1]!.id;
  return app.store.db.transaction().execute(async (tx) => {
    await tx.updateTable('listening_alert_rules').set({ checked_until: last }).where('id', '=', rule.id).execute();
    if (!hits.length) return 0;
    await fire(app, tx, rule, {
      message: `${rule.name}: ${hits.length} new mention${hits.length === 1 ? '' : 's'} matching “${rule.keyword}”`,
      mentionIds: hits.map((h) => h.id),
      data: { keyword: rule.keyword, count: hits.length },
    });
    return 1;
  });
}

async function spikeRule(app: App, rule: ListeningAlertRuleTable): Promise<number> {
  if (!rule.query_id) return 0;
  const s: SpikeSettings = { ...DEFAULT_SPIKE_SETTINGS, ...parseJson<Partial<SpikeSettings>>(rule.settings, {}) };
  const now = app.now();
  const windowMs = s.windowMinutes * 60_000;
  // One alert per window at most: the spike is news once.
  if (rule.last_fired_at !== null && now - rule.last_fired_at < windowMs) return 0;
  const query = await app.store.db.selectFrom('listening_queries').select(['created_at', 'name']).where('id', '=', rule.query_id).executeTakeFirst();
  if (!query) return 0;
  const from = now - windowMs * (s.baselineWindows + 1);
  const rows = await app.store.db
    .selectFrom('mentions')
    .innerJoin('mention_queries as mq', 'mq.mention_id', 'mentions.id')
    .select(['mentions.id', 'mentions.created_at', 'mentions.sentiment'])
    .where('mq.query_id', '=', rule.query_id)
    .where('mentions.created_at', '>', from)
    .where('mentions.created_at', '<=', now)
    .execute();
  // Windows end at now and go back; windows from before the query existed are not a baseline.
  const windows = Math.min(s.baselineWindows + 1, Math.max(1, Math.floor((now - query.created_at) / windowMs) + 1));
  const total = new Array<number>(windows).fill(0);
  const negative = new Array<number>(windows).fill(0);
  const current: typeof rows = [];
  for (const r of rows) {
    const back = Math.floor((now - r.created_at) / windowMs);
    if (back >= windows) continue;
    total[windows - 1 - back]!++;
    if (r.sentiment === 'negative') negative[windows - 1 - back]!++;
    if (back === 0) current.push(r);
  }
  const opts = { factor: s.factor, minVolume: s.minVolume, minBaselineWindows: Math.min(6, s.baselineWindows) };
  const verdict = rule.kind === 'volume_spike' ? detectSpike(total, opts) : detectNegativeSpike(negative, total, opts);
  if (!verdict.spike) return 0;
  const linked = (rule.kind === 'negative_spike' ? current.filter((r) => r.sentiment === 'negative') : current).sort((a, b) => (a.id < b.id ? 1 : -1));
  await app.store.db.transaction().execute(async (tx) => {
    await fire(app, tx, rule, {
      message: `${rule.name}: ${rule.kind === 'volume_spike' ? 'volume spike' : 'negative-sentiment spike'} on “${query.name}” — ${verdict.reason} in the last ${s.windowMinutes} min`,
      mentionIds: linked.map((r) => r.id),
      data: { ...verdict, windowMinutes: s.windowMinutes },
    });
  });
  return 1;
}

async function fire(app: App, tx: Kysely<DB>, rule: ListeningAlertRuleTable, a: { message: string; mentionIds: string[]; data: Record<string, unknown> }) {
  const now = app.now();
  const id = newId(now);
  const mailTo = parseJson<string[]>(rule.email_recipients, []).length > 0;
  await tx
    .insertInto('listening_alerts')
    .values({
      id,
      workspace_id: rule.workspace_id,
      rule_id: rule.id,
      kind: rule.kind,
      query_id: rule.query_id,
      message: a.message,
      mention_ids: JSON.stringify(a.mentionIds.slice(0, MAX_LINKED)),
      data: JSON.stringify(a.data),
      delivery: rule.webhook_url_enc ? 'pending' : 'none',
      delivery_error: null,
      email_delivery: mailTo ? 'pending' : 'none',
      email_error: null,
      read_at: null,
      created_at: now,
    })
    .execute();
  await tx.updateTable('listening_alert_rules').set({ last_fired_at: now }).where('id', '=', rule.id).execute();
  // In the app: the event reaches every open client through the stream.
  await appendEvent(tx, {
    workspaceId: rule.workspace_id,
    type: 'listening.alert',
    data: { alertId: id, ruleId: rule.id, kind: rule.kind, message: a.message },
    at: now,
  });
  if (rule.webhook_url_enc)
    await enqueueJob(tx, alertWebhookJob, {
      payload: { alertId: id },
      workspaceId: rule.workspace_id,
      runAt: now,
      now,
    });
  if (mailTo)
    await enqueueJob(tx, alertEmailJob, {
      payload: { alertId: id },
      workspaceId: rule.workspace_id,
      runAt: now,
      now,
    });
  app.bus.poke(rule.workspace_id);
  if (rule.webhook_url_enc || mailTo) app.bus.poke('__jobs__');
}
