import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { appendEvent } from '../events/append.js';
import { invalid, notFound } from '../lib/errors.js';
import type { RoutingMode } from '../store/schema.js';
import { type Capacity, loadTeamRouting, type TeamRouting } from './settings.js';

export interface TeamRoutingInput {
  mode: RoutingMode;
  capacity: Capacity;
  intakeChannels: string[];
  noAnswerMinutes: number | null;
  offlineMinutes: number | null;
  /** Overrides and skills per member; members not listed keep what they had. */
  members?: Array<{ userId: string; capacity: Capacity | null; languages: string[]; channels: string[]; tags: string[] }>;
}

/**
 * Saves a team's routing settings (PUT /teams/:id/routing). Channels must be this workspace's and
 * members the team's (a 400 names the field). Appends team.routing_changed: the audit log keeps
 * it, and the routing reactor works the team's queue with the new settings at once.
 */
export async function saveTeamRouting(app: App, actor: Principal, teamId: string, input: TeamRoutingInput): Promise<TeamRouting> {
  const ws = actor.workspaceId;
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const team = await tx.selectFrom('teams').select('id').where('workspace_id', '=', ws).where('id', '=', teamId).executeTakeFirst();
    if (!team) throw notFound('team');
    const channelIds = [...new Set([...input.intakeChannels, ...(input.members ?? []).flatMap((m) => m.channels)])];
    if (channelIds.length) {
      const known = new Set(
        (await tx.selectFrom('channels').select('id').where('workspace_id', '=', ws).where('id', 'in', channelIds).execute()).map((r) => r.id),
      );
      const i = input.intakeChannels.findIndex((c) => !known.has(c));
      if (i >= 0) throw invalid(`intakeChannels.${i}`, 'is not a channel of this workspace');
      for (const [n, m] of (input.members ?? []).entries()) {
        const j = m.channels.findIndex((c) => !known.has(c));
        if (j >= 0) throw invalid(`members.${n}.channels.${j}`, 'is not a channel of this workspace');
      }
    }
    const inTeam = new Set(
      (await tx.selectFrom('team_members').select('user_id').where('workspace_id', '=', ws).where('team_id', '=', teamId).execute()).map((r) => r.user_id),
    );
    for (const [n, m] of (input.members ?? []).entries()) if (!inTeam.has(m.userId)) throw invalid(`members.${n}.userId`, 'is not a member of this team');

    const row = {
      mode: input.mode,
      capacity: JSON.stringify(input.capacity),
      intake_channels: JSON.stringify(input.intakeChannels),
      no_answer_minutes: input.noAnswerMinutes,
      offline_minutes: input.offlineMinutes,
      updated_at: now,
    };
    await tx
      .insertInto('team_routing')
      .values({ team_id: teamId, workspace_id: ws, rr_seq: 0, ...row })
      .onConflict((oc) => oc.column('team_id').doUpdateSet(row))
      .execute();
    for (const m of input.members ?? []) {
      const values = {
        capacity: m.capacity === null ? null : JSON.stringify(m.capacity),
        languages: JSON.stringify(m.languages),
        channels: JSON.stringify(m.channels),
        tags: JSON.stringify(m.tags),
      };
      await tx
        .insertInto('team_routing_members')
        .values({ workspace_id: ws, team_id: teamId, user_id: m.userId, last_seq: 0, ...values })
        .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet(values))
        .execute();
    }
    await appendEvent(tx, { workspaceId: ws, type: 'team.routing_changed', actorUserId: actor.userId, data: { teamId, mode: input.mode }, at: now });
  });
  app.bus.poke(ws);
  return loadTeamRouting(app.store.db, ws, teamId);
}

/** A team's routing settings for the API (404 for a team of another workspace). */
export async function getTeamRouting(app: App, workspaceId: string, teamId: string): Promise<TeamRouting> {
  const team = await app.store.db.selectFrom('teams').select('id').where('workspace_id', '=', workspaceId).where('id', '=', teamId).executeTakeFirst();
  if (!team) throw notFound('team');
  return loadTeamRouting(app.store.db, workspaceId, teamId);
}
