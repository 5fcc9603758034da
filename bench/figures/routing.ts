/**
 * Issue 13: the assignment decision with 50 agents — the team's routing settings, its members'
 * availability, open loads per kind and rotation read from the database, then the choice
 * (src/routing/plan.ts, what dispatch does for each waiting conversation). Embedded mode (SQLite
 * in a temp dir), in-process. Ceiling, measured in the same run: reading the team's 50 member
 * rows with one raw better-sqlite3 prepared statement — the least any decision over them reads.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { newId } from '../../src/lib/ids.js';
import { dispatchTeam } from '../../src/routing/dispatch.js';
import { planAssignment } from '../../src/routing/plan.js';
import { buildWaiting } from '../../src/routing/testing.js';
import { migrate, openStore } from '../../src/store/db.js';
import { createWorkspace } from '../../src/workspaces/create-workspace.js';
import { note, percentile } from '../lib/stats.js';

export interface RoutingFigures {
  agents: number;
  decisions: number;
  p50: number;
  p99: number;
  /** Whole dispatch of one arriving conversation (locks, decision, assign use-case, event, commit). */
  dispatchP99: number;
  ceilingP99: number;
  openConversations: number;
}

export async function routingDecision(o: { agents: number; decisions: number; openPerAgent: number }): Promise<RoutingFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-bench-routing-'));
  const config = loadConfig({
    HEARKEN_DATA_DIR: dir,
    HEARKEN_DATABASE_URL: `sqlite:${path.join(dir, 'hearken.db')}`,
    HEARKEN_SECRET_KEY: randomBytes(32).toString('hex'),
    HEARKEN_DEMO: 'false',
  });
  const store = openStore(config.db);
  try {
    await migrate(store);
    const app = createApp(config, store, new Map());
    const db = store.db;
    const now = app.now();
    const ws = await createWorkspace(db, { name: 'Bench', ownerEmail: 'bench@example.com', ownerName: 'Bench', password: 'bench bench bench', now });
    const channelId = newId(now);
    await db
      .insertInto('channels')
      .values({ id: channelId, workspace_id: ws.workspaceId, type: 'api', name: 'Bench', secrets_enc: null, settings: '{}', status: 'active', created_at: now })
      .execute();
    const teamId = newId(now);
    await db.insertInto('teams').values({ id: teamId, workspace_id: ws.workspaceId, name: 'Bench team', created_at: now }).execute();
    const users: string[] = [];
    for (let i = 0; i < o.agents; i++) {
      const id = newId(now);
      users.push(id);
      await db
        .insertInto('users')
        .values({ id, email: `agent${i}@example.com`, name: `Agent ${i}`, password_hash: 'x', created_at: now })
        .execute();
      await db.insertInto('memberships').values({ workspace_id: ws.workspaceId, user_id: id, role: 'agent', created_at: now }).execute();
      await db.insertInto('team_members').values({ workspace_id: ws.workspaceId, team_id: teamId, user_id: id }).execute();
      // Most online, some busy or away: the decision reads and skips them.
      const chosen = i % 10 === 9 ? 'away' : i % 10 === 8 ? 'busy' : 'online';
      await db
        .insertInto('member_availability')
        .values({
          workspace_id: ws.workspaceId,
          user_id: id,
          chosen,
          status: chosen,
          reason: 'manual',
          last_seen_at: now,
          last_active_at: now,
          changed_at: now,
        })
        .execute();
      await db
        .insertInto('team_routing_members')
        .values({
          workspace_id: ws.workspaceId,
          team_id: teamId,
          user_id: id,
          capacity: null,
          languages: i % 5 === 0 ? '["de","en"]' : '[]',
          channels: '[]',
          tags: i % 7 === 0 ? '["billing"]' : '[]',
          last_seq: 0,
        })
        .execute();
    }
    await db
      .insertInto('team_routing')
      .values({
        team_id: teamId,
        workspace_id: ws.workspaceId,
        mode: 'load_balanced',
        capacity: JSON.stringify({ chat: o.openPerAgent + 1000, comment: 20 }),
        intake_channels: '[]',
        no_answer_minutes: null,
        offline_minutes: null,
        rr_seq: 0,
        updated_at: now,
      })
      .execute();
    note(`routing: ${o.agents} agents, ${o.openPerAgent} open conversations each…`);
    // Their current load: open conversations assigned to each (what the loads query counts).
    for (let i = 0; i < o.agents * o.openPerAgent; i++) {
      const id = await buildWaiting(app, { workspaceId: ws.workspaceId, channelId, teamId });
      await db
        .updateTable('conversations')
        .set({ assignee_id: users[i % o.agents]! })
        .where('id', '=', id)
        .execute();
    }
    const waiting = { id: 'x', kind: 'chat' as const, language: 'en', channelId, tags: [], returnedFrom: [] };
    for (let i = 0; i < 50; i++) await planAssignment(db, ws.workspaceId, teamId, waiting, now, 15); // warm-up
    const times: number[] = [];
    for (let i = 0; i < o.decisions; i++) {
      const t0 = performance.now();
      const c = await planAssignment(db, ws.workspaceId, teamId, { ...waiting, tags: i % 3 === 0 ? ['billing'] : [] }, now, 15);
      times.push(performance.now() - t0);
      if (!c) throw new Error('no agent chosen');
    }
    note('routing: whole dispatches of one arriving conversation…');
    const dispatches: number[] = [];
    for (let i = 0; i < Math.max(20, o.decisions / 10); i++) {
      await buildWaiting(app, { workspaceId: ws.workspaceId, channelId, teamId });
      const t0 = performance.now();
      const routed = await dispatchTeam(app, ws.workspaceId, teamId);
      dispatches.push(performance.now() - t0);
      if (routed.length !== 1) throw new Error(`expected one assignment, got ${routed.length}`);
    }
    const raw = store.sqlite!.prepare('SELECT user_id, capacity, languages, channels, tags FROM team_routing_members WHERE team_id = ? ORDER BY user_id');
    for (let i = 0; i < 200; i++) raw.all(teamId);
    const ceiling: number[] = [];
    for (let i = 0; i < o.decisions; i++) {
      const t0 = performance.now();
      raw.all(teamId);
      ceiling.push(performance.now() - t0);
    }
    return {
      agents: o.agents,
      decisions: o.decisions,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      dispatchP99: percentile(dispatches, 99),
      ceilingP99: percentile(ceiling, 99),
      openConversations: o.agents * o.openPerAgent,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
