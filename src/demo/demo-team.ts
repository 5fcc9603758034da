import type { App } from '../app.js';
import { hashPassword } from '../auth/passwords.js';
import { appendEvent } from '../events/append.js';
import { randomToken } from '../lib/crypto.js';
import { newId } from '../lib/ids.js';

export interface DemoAgent {
  name: string;
  email: string;
  password: string;
}

const AGENTS = [
  { name: 'Dana (demo agent)', email: 'dana@hearken.local' },
  { name: 'Lee (demo agent)', email: 'lee@hearken.local' },
];

/**
 * The demo's routing (first start with HEARKEN_DEMO on): a "Front line" team that takes in every
 * new conversation of the demo channel and gives it out round robin to two demo agents who are
 * online (they never open the app, so they stay online), 6 chats / messages and 20 comments /
 * mentions each. A new user sees conversations assigned by routing within the first minute and
 * the live board moving; the agents' passwords are printed with the owner's, to sign in as them.
 */
export async function seedDemoRouting(app: App, workspaceId: string, channelId: string): Promise<DemoAgent[]> {
  const now = app.now();
  const agents: DemoAgent[] = [];
  const hashed: Array<DemoAgent & { id: string; hash: string }> = [];
  for (const a of AGENTS) {
    const password = randomToken(12);
    hashed.push({ ...a, password, id: newId(now), hash: await hashPassword(password) });
  }
  const teamId = newId(now);
  await app.store.db.transaction().execute(async (tx) => {
    await tx.insertInto('teams').values({ id: teamId, workspace_id: workspaceId, name: 'Front line', created_at: now }).execute();
    await appendEvent(tx, { workspaceId, type: 'team.created', data: { teamId, name: 'Front line' }, at: now });
    for (const a of hashed) {
      await tx
        .insertInto('users')
        .values({ id: a.id, email: a.email, name: a.name, password_hash: a.hash, created_at: now, must_change_password: 1 })
        .execute();
      await tx.insertInto('memberships').values({ workspace_id: workspaceId, user_id: a.id, role: 'agent', created_at: now }).execute();
      await appendEvent(tx, { workspaceId, type: 'member.added', data: { userId: a.id, role: 'agent' }, at: now });
      await tx.insertInto('team_members').values({ workspace_id: workspaceId, team_id: teamId, user_id: a.id }).execute();
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
    await tx
      .insertInto('team_routing')
      .values({
        team_id: teamId,
        workspace_id: workspaceId,
        mode: 'round_robin',
        capacity: JSON.stringify({ chat: 6, dm: 6, email: 6, comment: 20, mention: 20, review: 20 }),
        intake_channels: JSON.stringify([channelId]),
        no_answer_minutes: null,
        offline_minutes: null,
        rr_seq: 0,
        updated_at: now,
      })
      .execute();
    await appendEvent(tx, { workspaceId, type: 'team.routing_changed', data: { teamId, mode: 'round_robin' }, at: now });
  });
  app.bus.poke(workspaceId);
  return agents;
}
