import type { App } from '../app.js';
import { hashPassword } from '../auth/passwords.js';
import { appendEvent } from '../events/append.js';
import { randomToken } from '../lib/crypto.js';
import { newId } from '../lib/ids.js';

/** The demo teams' ids, for the demo rules that route to them. */
export interface DemoTeams {
  frontLine: string;
  asiaDesk: string;
}

export interface DemoAgent {
  name: string;
  email: string;
  password: string;
}

const AGENTS = [
  { name: 'Dana (demo agent)', email: 'dana@hearken.local', asia: false },
  { name: 'Lee (demo agent)', email: 'lee@hearken.local', asia: true },
];

/**
 * The demo's routing (first start with HEARKEN_DEMO on): two round-robin teams — "Front line"
 * (both demo agents) and "Asia desk" (Lee, who reads Vietnamese and Chinese) — that the demo's
 * rules (demo-rules.ts) fill by language. The agents are online (they never open the app, so they
 * stay online), 6 chats / messages and 20 comments / mentions each. A new user sees conversations
 * routed by rules and assigned by routing within the first minute and the live board moving; the
 * agents' passwords are printed with the owner's, to sign in as them.
 */
export async function seedDemoRouting(app: App, workspaceId: string): Promise<{ agents: DemoAgent[]; teams: DemoTeams }> {
  const now = app.now();
  const agents: DemoAgent[] = [];
  const hashed: Array<DemoAgent & { id: string; hash: string; asia: boolean }> = [];
  for (const a of AGENTS) {
    const password = randomToken(12);
    hashed.push({ ...a, password, id: newId(now), hash: await hashPassword(password) });
  }
  const teams: DemoTeams = { frontLine: newId(now), asiaDesk: newId(now) };
  await app.store.db.transaction().execute(async (tx) => {
    for (const [teamId, name] of [
      [teams.frontLine, 'Front line'],
      [teams.asiaDesk, 'Asia desk'],
    ] as const) {
      await tx.insertInto('teams').values({ id: teamId, workspace_id: workspaceId, name, created_at: now }).execute();
      await appendEvent(tx, { workspaceId, type: 'team.created', data: { teamId, name }, at: now });
    }
    for (const a of hashed) {
      await tx
        .insertInto('users')
        .values({ id: a.id, email: a.email, name: a.name, password_hash: a.hash, created_at: now, must_change_password: 1 })
        .execute();
      await tx.insertInto('memberships').values({ workspace_id: workspaceId, user_id: a.id, role: 'agent', created_at: now }).execute();
      await appendEvent(tx, { workspaceId, type: 'member.added', data: { userId: a.id, role: 'agent' }, at: now });
      await tx.insertInto('team_members').values({ workspace_id: workspaceId, team_id: teams.frontLine, user_id: a.id }).execute();
      if (a.asia) await tx.insertInto('team_members').values({ workspace_id: workspaceId, team_id: teams.asiaDesk, user_id: a.id }).execute();
      await tx
        .insertInto('member_availability')
        .values({
          workspace_id: workspaceId,
          user_id: a.id,
          chosen: 'online',
          status: 'online',
          reason: 'manual',
          last_seen_at: null,
          last_active_at: null,
          changed_at: now,
        })
        .execute();
      agents.push({ name: a.name, email: a.email, password: a.password });
    }
    for (const teamId of [teams.frontLine, teams.asiaDesk]) {
      await tx
        .insertInto('team_routing')
        .values({
          team_id: teamId,
          workspace_id: workspaceId,
          mode: 'round_robin',
          capacity: JSON.stringify({ chat: 6, dm: 6, email: 6, comment: 20, mention: 20, review: 20 }),
          // No channel intake: the demo rules put each new conversation in a team by its language.
          intake_channels: '[]',
          no_answer_minutes: null,
          offline_minutes: null,
          rr_seq: 0,
          updated_at: now,
        })
        .execute();
      await appendEvent(tx, { workspaceId, type: 'team.routing_changed', data: { teamId, mode: 'round_robin' }, at: now });
    }
  });
  app.bus.poke(workspaceId);
  return { agents, teams };
}
