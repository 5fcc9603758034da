import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { assignWithin } from '../conversations/assign.js';
import type { LogEvent } from '../events/read-log.js';
import type { Reactor } from '../events/reactors.js';
import { enqueueJob } from '../jobs/queue.js';
import { parseJson } from '../lib/json.js';
import type { DB } from '../store/schema.js';
import { dispatchJob } from './dispatch-job.js';
import { offlineJob } from './return-jobs.js';

type Data = Record<string, unknown>;
/** Workspaces whose log this page wrote to (teams joined): poked after the commit. */
const wrote = new Set<string>();
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * Routing follows the log (docs/events.md). It decides which team queues need working and
 * enqueues a routing.dispatch job for each (dispatch.ts takes the locks and assigns), so two
 * workers can route at once without exceeding anyone's capacity:
 * - a conversation lands in a team that routes with no assignee: assigned to a team by a person
 *   or a rule, returned to the queue, reopened, marked "not spam";
 * - a slot frees (resolved, pending, snoozed, reassigned, marked spam) or an agent comes online:
 *   back-fill, the teams of that agent are worked again;
 * - a team's settings change or it gains a member.
 * New conversations on a channel a team takes in join that team here (through the assign
 * use-case, performer routing); that assignment's own event then routes them. An agent going
 * away schedules routing.offline for the teams that return their work after N minutes.
 */
export const routingReactor: Reactor = {
  name: 'routing',
  types: [
    'conversation.created',
    'conversation.assigned',
    'conversation.status_changed',
    'conversation.reopened',
    'conversation.marked_spam',
    'conversation.unmarked_spam',
    'member.availability_changed',
    'team.routing_changed',
    'team.member_added',
  ],
  start: 'now',
  async handle(app, events, tx) {
    wrote.clear();
    const teams = new Set<string>(); // `${workspaceId} ${teamId}`
    const agents = new Set<string>(); // `${workspaceId} ${userId}`: back-fill their teams
    const created: LogEvent[] = [];
    const touched = new Set<string>(); // conversations whose row decides
    const away: Array<{ workspaceId: string; userId: string; at: number }> = [];
    for (const e of events) {
      const d = parseJson<Data>(e.data, {});
      const ws = e.workspace_id;
      switch (e.type) {
        case 'conversation.created':
          created.push(e);
          break;
        case 'conversation.assigned': {
          const teamId = str(d.teamId);
          if (teamId && !d.assigneeId) teams.add(`${ws} ${teamId}`);
          const prev = str(d.previousAssigneeId);
          if (prev && prev !== d.assigneeId) agents.add(`${ws} ${prev}`);
          break;
        }
        case 'conversation.status_changed':
        case 'conversation.reopened':
        case 'conversation.marked_spam':
        case 'conversation.unmarked_spam':
          if (e.conversation_id) touched.add(e.conversation_id);
          break;
        case 'member.availability_changed': {
          const userId = str(d.userId);
          if (!userId) break;
          if (d.status === 'online') agents.add(`${ws} ${userId}`);
          if (d.status === 'away' && d.previous !== 'away') away.push({ workspaceId: ws, userId, at: Number(e.created_at) });
          break;
        }
        case 'team.routing_changed':
        case 'team.member_added': {
          const teamId = str(d.teamId);
          if (teamId) teams.add(`${ws} ${teamId}`);
          break;
        }
      }
    }
    if (touched.size) {
      const rows = await tx
        .selectFrom('conversations')
        .select(['workspace_id', 'team_id', 'assignee_id'])
        .where('id', 'in', [...touched])
        .execute();
      for (const r of rows) {
        // Open and unassigned in a team: route it; assigned: its assignee's load moved, back-fill them.
        if (r.team_id && !r.assignee_id) teams.add(`${r.workspace_id} ${r.team_id}`);
        if (r.assignee_id) agents.add(`${r.workspace_id} ${r.assignee_id}`);
      }
    }
    let done = await joinTeams(app, tx, created);
    done += await scheduleOffline(app, tx, away);
    if (agents.size) {
      const byWs = group(agents);
      for (const [ws, userIds] of byWs) {
        const rows = await tx.selectFrom('team_members').select('team_id').distinct().where('workspace_id', '=', ws).where('user_id', 'in', userIds).execute();
        for (const r of rows) teams.add(`${ws} ${r.team_id}`);
      }
    }
    if (teams.size) {
      const byWs = group(teams);
      const now = app.now();
      for (const [ws, teamIds] of byWs) {
        const routed = await tx
          .selectFrom('team_routing')
          .select('team_id')
          .where('workspace_id', '=', ws)
          .where('team_id', 'in', teamIds)
          .where('mode', '!=', 'manual')
          .execute();
        for (const r of routed) {
          await enqueueJob(tx, dispatchJob, { payload: { teamId: r.team_id }, workspaceId: ws, runAt: now, now });
          done++;
        }
      }
    }
    return done;
  },
  afterCommit(app, done) {
    for (const ws of wrote) app.bus.poke(ws);
    wrote.clear();
    if (done > 0) app.bus.poke('__jobs__');
  },
};

function group(keys: Set<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const k of keys) {
    const [ws, id] = k.split(' ') as [string, string];
    out.set(ws, [...(out.get(ws) ?? []), id]);
  }
  return out;
}

/** New conversations on a channel some team takes in join that team (the first by name), unless they already have one. */
async function joinTeams(app: App, tx: Kysely<DB>, created: LogEvent[]): Promise<number> {
  if (!created.length) return 0;
  let done = 0;
  const intake = new Map<string, Array<{ teamId: string; channels: string[] }>>();
  for (const e of created) {
    const ws = e.workspace_id;
    if (!intake.has(ws)) {
      const rows = await tx
        .selectFrom('team_routing')
        .innerJoin('teams', 'teams.id', 'team_routing.team_id')
        .select(['team_routing.team_id', 'team_routing.intake_channels'])
        .where('team_routing.workspace_id', '=', ws)
        .where('team_routing.intake_channels', '!=', '[]')
        .orderBy('teams.name')
        .execute();
      intake.set(
        ws,
        rows.map((r) => ({ teamId: r.team_id, channels: parseJson<string[]>(r.intake_channels, []) })),
      );
    }
    const teams = intake.get(ws)!;
    if (!teams.length || !e.conversation_id) continue;
    const channelId = str(parseJson<Data>(e.data, {}).channelId);
    const team = teams.find((t) => channelId && t.channels.includes(channelId));
    if (!team) continue;
    const conv = await tx.selectFrom('conversations').select(['team_id']).where('id', '=', e.conversation_id).executeTakeFirst();
    if (!conv || conv.team_id !== null) continue;
    await assignWithin(tx, { workspaceId: ws, conversationId: e.conversation_id, actorUserId: null, teamId: team.teamId, performer: 'routing' }, app.now());
    wrote.add(ws);
    done++;
  }
  return done;
}

/** An agent went away: each of their teams that returns an offline agent's work checks again after its delay. */
async function scheduleOffline(app: App, tx: Kysely<DB>, away: Array<{ workspaceId: string; userId: string; at: number }>): Promise<number> {
  let done = 0;
  const now = app.now();
  for (const a of away) {
    const teams = await tx
      .selectFrom('team_members as tm')
      .innerJoin('team_routing as tr', 'tr.team_id', 'tm.team_id')
      .select(['tm.team_id', 'tr.offline_minutes'])
      .where('tm.workspace_id', '=', a.workspaceId)
      .where('tm.user_id', '=', a.userId)
      .where('tr.mode', '!=', 'manual')
      .where('tr.offline_minutes', 'is not', null)
      .execute();
    for (const t of teams) {
      const runAt = Math.max(now, a.at + Number(t.offline_minutes) * 60_000);
      await enqueueJob(tx, offlineJob, { payload: { teamId: t.team_id, userId: a.userId }, workspaceId: a.workspaceId, runAt, now });
      done++;
    }
  }
  return done;
}
