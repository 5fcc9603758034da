import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { markStale } from '../metrics/rollup/mark-stale.js';
import { channelTimeline, loadHoursRows } from '../hours/load-schedules.js';
import { enqueueJob } from '../jobs/queue.js';
import { newId } from '../lib/ids.js';
import { loadChunk } from '../metrics/load-timelines.js';
import type { ConversationTable, DB, SlaClockTable } from '../store/schema.js';
import { clockStatus, dueTimes, wantedClocks } from './clocks.js';
import { loadPolicies } from './load-policies.js';
import { breachRecipients } from './notify-targets.js';
import { matchPolicy } from './policy.js';
import { slaCheckJob } from './rescan.js';
import { mergedSources, mergeRoot } from '../conversations/merge/merged-sources.js';

/**
 * Brings one conversation's SLA clocks up to date with its messages and status, from scratch:
 * starts the clocks its timeline calls for (with the targets of the first matching policy, fixed
 * when a clock starts), stops them, and turns a passed warning or due time into one
 * `sla.warning` / `sla.breached` event each. Idempotent: run it as often as you like (after
 * intake, after an agent's action, at a clock's warning and due times).
 */
export async function evaluateSla(app: App, workspaceId: string, conversationId: string): Promise<void> {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const load = (id: string) => {
      const q = tx.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
      // Two workers evaluating one conversation take turns (SQLite has a single writer anyway).
      return app.store.dialect.lockRows(q).executeTakeFirst();
    };
    let conv = await load(conversationId);
    if (!conv) return;
    // A thread merged into another (conversations/merge/) keeps its own clocks — its customer's
    // oldest unanswered message still counts, once — and is evaluated with the conversation it
    // is in: that one's queue row shows the nearest due time of them all, its breaches are
    // announced there.
    if (conv.merged_into_id) conv = await load(await mergeRoot(tx, conv));
    if (!conv) return;
    const home = conv;
    const threads = await mergedSources(tx, [home.id]);
    const existing = await tx
      .selectFrom('sla_clocks')
      .select('id')
      .where('conversation_id', 'in', [home.id, ...threads])
      .limit(1)
      .execute();
    const policies = await loadPolicies(tx, workspaceId);
    // The common case of a workspace without SLAs costs two small queries, not a timeline.
    if (!existing.length && !policies.some((p) => p.enabled) && (home.sla_due_at ?? null) === null) return;
    const live: number[] = [];
    for (const id of threads) {
      const thread = await tx.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
      if (thread) live.push(...(await evaluateThread(tx, thread, home, policies, now)));
    }
    live.push(...(await evaluateThread(tx, home, home, policies, now)));
    const due = live.length ? Math.min(...live) : null;
    if ((home.sla_due_at ?? null) !== due) {
      await tx.updateTable('conversations').set({ sla_due_at: due }).where('id', '=', home.id).execute();
      // Tells queues (realtime) that this row's "time left" changed: a clock started, stopped or moved.
      await appendEvent(tx, {
        workspaceId,
        type: 'sla.updated',
        conversationId: home.id,
        data: { dueAt: due, previousDueAt: home.sla_due_at ?? null },
        at: now,
      });
    }
  });
  app.bus.poke(workspaceId);
}

/**
 * One thread's clocks (the conversation itself, or a thread merged into it): started, stopped,
 * announced on `home`; returns the due times of its clocks still owed.
 */
async function evaluateThread(
  tx: Kysely<DB>,
  conv: ConversationTable,
  home: ConversationTable,
  policies: Awaited<ReturnType<typeof loadPolicies>>,
  now: number,
): Promise<number[]> {
  const workspaceId = conv.workspace_id;
  const conversationId = conv.id;
  {
    const existing = await tx.selectFrom('sla_clocks').selectAll().where('conversation_id', '=', conversationId).execute();
    const [tl] = await loadChunk(tx, workspaceId, [conversationId]);
    // Spam owes nothing, and neither does a removed customer message (deleted, hidden): their
    // clocks stop, cancelled even when already breached, so SLA attainment leaves them out
    // (sla-facts.ts skips cancelled clocks). "Not spam" or a message coming back restores them.
    const spam = (conv.spam_at ?? null) !== null;
    const counted = tl && !spam ? { ...tl, messages: tl.messages.filter((m) => !(m.direction === 'in' && m.removed)) } : null;
    const removedStarts = new Set(tl ? tl.messages.filter((m) => m.direction === 'in' && m.removed).map((m) => m.at) : []);
    const wanted = counted ? wantedClocks(counted) : [];
    const key = (target: string, startedAt: number) => `${target}:${startedAt}`;
    const byKey = new Map(existing.map((r) => [key(r.target, r.started_at), r]));
    let hours: ReturnType<typeof channelTimeline> | undefined;
    const rows: SlaClockTable[] = [];

    for (const w of wanted) {
      let row = byKey.get(key(w.target, w.startedAt));
      byKey.delete(key(w.target, w.startedAt));
      if (!row) {
        const policy = matchPolicy(policies, conv);
        const targetMs = policy?.targetMs[w.target];
        // A policy covers clocks still running when it was made and every clock started since.
        if (!policy || !targetMs || (w.stoppedAt !== null && w.startedAt < policy.createdAt)) continue;
        if (policy.timeMode === 'business') hours ??= channelTimeline(await loadHoursRows(tx, workspaceId), conv.channel_id);
        const { dueAt, warnAt } = dueTimes(policy, hours ?? [], w.startedAt, targetMs);
        row = {
          id: newId(now),
          workspace_id: workspaceId,
          conversation_id: conversationId,
          policy_id: policy.id,
          policy_name: policy.name,
          target: w.target,
          target_ms: targetMs,
          time_mode: policy.timeMode,
          started_at: w.startedAt,
          due_at: dueAt,
          warn_at: warnAt,
          stopped_at: w.stoppedAt,
          status: clockStatus({ ...w, dueAt }, now),
          warned_at: null,
          breached_at: null,
          created_at: now,
          updated_at: now,
        };
        const ins = await tx
          .insertInto('sla_clocks')
          .values(row)
          .onConflict((oc) => oc.columns(['conversation_id', 'target', 'started_at']).doNothing())
          .executeTakeFirst();
        if (Number(ins.numInsertedOrUpdatedRows ?? 0n) === 0) continue;
        if (row.status === 'running') await wakeAt(tx, row, workspaceId, conversationId, now);
      } else {
        if (row.status === 'running' && w.stoppedAt === null) {
          // The conversation now matches another policy (its priority was raised, say): the clock
          // takes that policy's target from the same start; no policy covers it any more: no clock.
          const policy = matchPolicy(policies, conv);
          if (policy?.id !== row.policy_id) {
            const targetMs = policy?.targetMs[w.target];
            if (!policy || !targetMs) {
              await tx.deleteFrom('sla_clocks').where('id', '=', row.id).execute();
              continue;
            }
            if (policy.timeMode === 'business') hours ??= channelTimeline(await loadHoursRows(tx, workspaceId), conv.channel_id);
            const { dueAt, warnAt } = dueTimes(policy, hours ?? [], w.startedAt, targetMs);
            const moved = {
              policy_id: policy.id,
              policy_name: policy.name,
              target_ms: targetMs,
              time_mode: policy.timeMode,
              due_at: dueAt,
              warn_at: warnAt,
              updated_at: now,
            };
            await tx.updateTable('sla_clocks').set(moved).where('id', '=', row.id).execute();
            row = { ...row, ...moved };
            await wakeAt(tx, row, workspaceId, conversationId, now);
          }
        }
        const status = clockStatus({ ...w, dueAt: row.due_at }, now);
        if (status !== row.status || w.stoppedAt !== row.stopped_at) {
          await tx.updateTable('sla_clocks').set({ status, stopped_at: w.stoppedAt, updated_at: now }).where('id', '=', row.id).execute();
          // A clock restored ("Not spam", a message back) needs its wake-ups again.
          if (row.status === 'cancelled' && status === 'running') await wakeAt(tx, { ...row, status }, workspaceId, conversationId, now);
          row = { ...row, status, stopped_at: w.stoppedAt };
        }
      }
      rows.push(row);
    }
    // Clocks the timeline no longer calls for (a reply failed, a late message moved a start): not owed.
    for (const r of byKey.values()) {
      const excused = r.status !== 'cancelled' && (spam || removedStarts.has(r.started_at));
      if (r.status === 'running' || excused) await tx.updateTable('sla_clocks').set({ status: 'cancelled', updated_at: now }).where('id', '=', r.id).execute();
    }

    for (const r of rows) await announce(tx, home, r, now);
    // A clock met or moved changes SLA attainment, with or without an event of its own.
    await markStale(tx, workspaceId, conversationId, now);

    return rows.filter((r) => r.stopped_at === null && (r.status === 'running' || r.status === 'breached') && r.due_at !== null).map((r) => r.due_at!);
  }
}

/** Wake-ups at a clock's warning and due times; each just runs the evaluation again. */
async function wakeAt(tx: Kysely<DB>, row: SlaClockTable, workspaceId: string, conversationId: string, now: number) {
  for (const t of new Set([row.warn_at, row.due_at])) {
    if (t !== null && t > now)
      await enqueueJob(tx, slaCheckJob, {
        payload: { conversationId },
        workspaceId,
        runAt: t,
        now,
      });
  }
}

/** One warning and one breach event per clock, ever (the conditional update decides who writes it). */
async function announce(tx: Kysely<DB>, conv: ConversationTable, r: SlaClockTable, now: number) {
  const data = {
    clockId: r.id,
    target: r.target,
    policyId: r.policy_id,
    policyName: r.policy_name,
    startedAt: r.started_at,
    dueAt: r.due_at,
    timeMode: r.time_mode,
  };
  if (r.status === 'running' && r.warn_at !== null && now >= r.warn_at && r.warned_at === null) {
    const u = await tx.updateTable('sla_clocks').set({ warned_at: now }).where('id', '=', r.id).where('warned_at', 'is', null).executeTakeFirst();
    if (Number(u.numUpdatedRows) > 0)
      await appendEvent(tx, {
        workspaceId: conv.workspace_id,
        type: 'sla.warning',
        conversationId: conv.id,
        data: { ...data, assigneeId: conv.assignee_id },
        at: now,
      });
  }
  if (r.status === 'breached' && r.breached_at === null) {
    const u = await tx.updateTable('sla_clocks').set({ breached_at: now }).where('id', '=', r.id).where('breached_at', 'is', null).executeTakeFirst();
    if (Number(u.numUpdatedRows) > 0) {
      const notifyUserIds = await breachRecipients(tx, conv);
      await appendEvent(tx, {
        workspaceId: conv.workspace_id,
        type: 'sla.breached',
        conversationId: conv.id,
        data: { ...data, assigneeId: conv.assignee_id, teamId: conv.team_id, notifyUserIds },
        at: now,
      });
    }
  }
}
