import type { App } from '../app.js';
import { addBusinessMs } from '../hours/business-time.js';
import { loadSchedules } from '../hours/load-schedules.js';
import { enqueueJob } from '../jobs/queue.js';
import { type TimeTrigger, timeTriggerTypes } from './model.js';
import { rulesRunJob } from './run-rules.js';
import { loadRules, type StoredRule } from './store.js';

/** Candidates looked at per rule per scan (the oldest waits first); the next scan takes the rest. */
const PER_RULE = 500;

interface Waiting {
  conversationId: string;
  channelId: string;
  /** When the waiting period began: it names the period, so a rule fires once per period. */
  since: number;
  /** Extra part of the key (the assignee, for assignee_silent). */
  who?: string;
}

/**
 * Finds the conversations whose time-based trigger came due and enqueues a `rules.run` job for
 * each (rule, waiting period) not fired yet. Run by the scheduler; stateless, so it survives
 * restarts and any number of schedulers may run it (the firing's unique key keeps it to one).
 * Business time counts only the channel's open hours: 10 business minutes from Friday 17:55
 * with hours until 18:00 come due Monday at 09:05.
 */
export async function scanTimeRules(app: App): Promise<number> {
  const db = app.store.db;
  const now = app.now();
  const workspaces = await db
    .selectFrom('rules')
    .select('workspace_id')
    .distinct()
    .where('enabled', '=', 1)
    .where('trigger_type', 'in', [...timeTriggerTypes])
    .execute();
  let queued = 0;
  for (const { workspace_id: workspaceId } of workspaces) {
    const rules = await loadRules(db, workspaceId, { enabledOnly: true, triggerTypes: [...timeTriggerTypes] });
    const schedules = await loadSchedules(db, workspaceId);
    for (const rule of rules) {
      const t = rule.trigger as TimeTrigger;
      const waitMs = (t.type === 'pending_for' ? t.hours * 60 : t.minutes) * 60_000;
      const waiting = await candidates(app, workspaceId, t, now - waitMs);
      const due = waiting.filter((w) => {
        const at = t.time === 'business' ? addBusinessMs(schedules(w.channelId), w.since, waitMs) : w.since + waitMs;
        return at !== null && at <= now;
      });
      if (!due.length) continue;
      const keyOf = (w: Waiting) => `${t.type}:${w.conversationId}:${w.who ? `${w.who}:` : ''}${w.since}`;
      const keys = due.map(keyOf);
      const done = new Set(
        (await db.selectFrom('rule_firings').select('event_key').where('rule_id', '=', rule.id).where('event_key', 'in', keys).execute()).map(
          (r) => r.event_key,
        ),
      );
      for (const w of due) {
        const key = keyOf(w);
        if (done.has(key)) continue;
        await enqueue(app, workspaceId, rule, w.conversationId, key, now);
        queued++;
      }
    }
  }
  if (queued) app.bus.poke('__jobs__');
  return queued;
}

async function enqueue(app: App, workspaceId: string, rule: StoredRule, conversationId: string, key: string, now: number) {
  await enqueueJob(app.store.db, rulesRunJob, {
    payload: { ruleId: rule.id, conversationId, key, triggerType: rule.trigger.type },
    workspaceId,
    runAt: now,
    now,
  });
}

/** Conversations in the trigger's state since at most `before` (calendar time: business time is never shorter, so this only narrows). */
async function candidates(app: App, workspaceId: string, t: TimeTrigger, before: number): Promise<Waiting[]> {
  const db = app.store.db;
  const base = db.selectFrom('conversations').where('workspace_id', '=', workspaceId).where('spam_at', 'is', null).where('removed_at', 'is', null);
  if (t.type === 'no_reply_for') {
    const rows = await base
      .select(['id', 'channel_id', 'waiting_since'])
      .where('status', '=', 'open')
      .where('waiting_since', 'is not', null)
      .where('waiting_since', '<=', before)
      .orderBy('waiting_since')
      .limit(PER_RULE)
      .execute();
    return rows.map((r) => ({ conversationId: r.id, channelId: r.channel_id, since: Number(r.waiting_since) }));
  }
  if (t.type === 'pending_for') {
    const rows = await base.select(['id', 'channel_id', 'updated_at']).where('status', '=', 'pending').orderBy('updated_at').limit(PER_RULE).execute();
    const since = await lastEventAt(
      app,
      workspaceId,
      rows.map((r) => r.id),
      ['conversation.status_changed', 'conversation.reopened'],
    );
    return rows
      .map((r) => ({ conversationId: r.id, channelId: r.channel_id, since: since.get(r.id) ?? Number(r.updated_at) }))
      .filter((w) => w.since <= before);
  }
  // assignee_silent: assigned, the customer waiting; the clock starts at the later of the wait and the assignment.
  const rows = await base
    .select(['id', 'channel_id', 'waiting_since', 'assignee_id'])
    .where('status', '=', 'open')
    .where('assignee_id', 'is not', null)
    .where('waiting_since', 'is not', null)
    .where('waiting_since', '<=', before)
    .orderBy('waiting_since')
    .limit(PER_RULE)
    .execute();
  const assigned = await lastEventAt(
    app,
    workspaceId,
    rows.map((r) => r.id),
    ['conversation.assigned'],
  );
  return rows
    .map((r) => ({ conversationId: r.id, channelId: r.channel_id, who: r.assignee_id!, since: Math.max(Number(r.waiting_since), assigned.get(r.id) ?? 0) }))
    .filter((w) => w.since <= before);
}

async function lastEventAt(app: App, workspaceId: string, conversationIds: string[], types: string[]): Promise<Map<string, number>> {
  if (!conversationIds.length) return new Map();
  const rows = await app.store.db
    .selectFrom('events')
    .select(['conversation_id', (eb) => eb.fn.max('created_at').as('at')])
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', 'in', conversationIds)
    .where('type', 'in', types)
    .groupBy('conversation_id')
    .execute();
  return new Map(rows.map((r) => [r.conversation_id!, Number(r.at)]));
}
