import { sql } from 'kysely';
import type { App } from '../app.js';
import { assignWithin } from '../conversations/assign.js';
import { enqueueJob } from '../jobs/queue.js';
import { AppError } from '../lib/errors.js';
import { log } from '../lib/log.js';
import { loadCandidates } from './candidates.js';
import { type Candidate, chooseAgent, hasRoom, skillTagsOf, type Waiting } from './decide.js';
import { noAnswerJob } from './return-jobs.js';
import { isAutomatic, loadTeamRouting } from './settings.js';

/** Conversations looked at per dispatch; a longer queue is worked by the next dispatch. */
const BATCH = 200;

/** The advisory keys routing takes: one per team (its queue, its rotation) and one per agent (their load). */
export const teamKey = (teamId: string) => `routing:team:${teamId}`;
export const agentKey = (workspaceId: string, userId: string) => `routing:agent:${workspaceId}:${userId}`;

export interface Routed {
  conversationId: string;
  userId: string;
}

/**
 * Works a team's queue: each waiting conversation (open, unassigned, oldest wait first) goes to
 * the member chooseAgent picks, through the assign use-case (performer "routing"), until nobody
 * has room. The same call is routing (a conversation arrives) and back-fill (an agent frees a
 * slot or comes online: the oldest waiting conversation that fits is theirs).
 *
 * Capacity holds under concurrency: the team's key and every member's key are taken in one
 * lockKeys call (one order, so no deadlock) before loads are read, and held until the
 * assignments commit; another dispatch of this team, or of another team sharing a member, waits.
 */
export async function dispatchTeam(app: App, workspaceId: string, teamId: string): Promise<Routed[]> {
  const now = app.now();
  const routed = await app.store.db.transaction().execute(async (tx) => {
    const members = await tx.selectFrom('team_members').select('user_id').where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).execute();
    await app.store.dialect.lockKeys(tx, [teamKey(teamId), ...members.map((m) => agentKey(workspaceId, m.user_id))]);
    const team = await loadTeamRouting(tx, workspaceId, teamId);
    if (!isAutomatic(team.mode)) return [];
    const waitingRows = await app.store.dialect
      .lockRows(
        tx
          .selectFrom('conversations')
          .select(['id', 'kind', 'language', 'channel_id'])
          .where('workspace_id', '=', workspaceId)
          .where('team_id', '=', teamId)
          .where('assignee_id', 'is', null)
          .where('status', '=', 'open')
          .where('spam_at', 'is', null)
          .where('removed_at', 'is', null)
          .orderBy(sql`coalesce(waiting_since, last_message_at)`)
          .orderBy('created_at')
          .orderBy('id')
          .limit(BATCH),
      )
      .execute();
    if (!waitingRows.length) return [];
    const candidates = await loadCandidates(tx, workspaceId, team, now, app.config.awayAfterIdleMinutes);
    if (!candidates.some((c) => c.status === 'online')) return [];
    const ids = waitingRows.map((w) => w.id);
    const [tags, returns, seqRow] = await Promise.all([
      tx
        .selectFrom('conversation_tags')
        .select(['conversation_id', 'tag'])
        .where('workspace_id', '=', workspaceId)
        .where('conversation_id', 'in', ids)
        .execute(),
      tx
        .selectFrom('routing_returns')
        .select(['conversation_id', 'user_id'])
        .where('workspace_id', '=', workspaceId)
        .where('conversation_id', 'in', ids)
        .execute(),
      tx.selectFrom('team_routing').select('rr_seq').where('team_id', '=', teamId).executeTakeFirst(),
    ]);
    const waiting: Waiting[] = waitingRows.map((w) => ({
      id: w.id,
      kind: w.kind,
      language: w.language,
      channelId: w.channel_id,
      tags: tags.filter((t) => t.conversation_id === w.id).map((t) => t.tag),
      returnedFrom: returns.filter((r) => r.conversation_id === w.id).map((r) => r.user_id),
    }));
    const skillTags = skillTagsOf(candidates);
    let seq = Number(seqRow?.rr_seq ?? 0);
    const out: Routed[] = [];
    let pool: Candidate[] = candidates;
    for (const w of waiting) {
      if (!pool.some((c) => c.status === 'online' && hasRoom(c, w.kind))) continue;
      const c = chooseAgent(team.mode, pool, w, skillTags);
      if (!c) continue;
      try {
        await assignWithin(tx, { workspaceId, conversationId: w.id, actorUserId: null, assigneeId: c.userId, performer: 'routing' }, now);
      } catch (err) {
        // A custom role that cannot reply: leave them out of this dispatch (nothing was written).
        if (!(err instanceof AppError)) throw err;
        log.warn('routing skipped a member who cannot take this conversation', { workspaceId, teamId, userId: c.userId, reason: err.message });
        pool = pool.filter((p) => p !== c);
        continue;
      }
      c.load[w.kind] = (c.load[w.kind] ?? 0) + 1;
      c.lastSeq = ++seq;
      out.push({ conversationId: w.id, userId: c.userId });
      if (team.noAnswerMinutes !== null) {
        const runAt = now + team.noAnswerMinutes * 60_000;
        await enqueueJob(tx, noAnswerJob, { payload: { conversationId: w.id, assigneeId: c.userId, assignedAt: now }, workspaceId, runAt, now });
      }
    }
    if (!out.length) return out;
    for (const c of pool.filter((p) => out.some((o) => o.userId === p.userId))) {
      await tx
        .insertInto('team_routing_members')
        .values({
          workspace_id: workspaceId,
          team_id: teamId,
          user_id: c.userId,
          capacity: null,
          languages: '[]',
          channels: '[]',
          tags: '[]',
          last_seq: c.lastSeq,
        })
        .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ last_seq: c.lastSeq }))
        .execute();
    }
    await tx.updateTable('team_routing').set({ rr_seq: seq }).where('team_id', '=', teamId).execute();
    return out;
  });
  if (routed.length) {
    app.bus.poke(workspaceId);
    app.bus.poke('__jobs__');
  }
  return routed;
}
