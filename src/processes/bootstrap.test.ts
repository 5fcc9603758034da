import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { buildTestApp, type TestApp } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { bootstrap } from './bootstrap.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe(`bootstrap on an empty database (${testDialect})`, () => {
  it('creates the workspace, its owner, the demo channel and — with demo on — a listening query over its own channels; once', async () => {
    const app: App = { ...t.app, config: { ...t.app.config, demo: true } };
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
    try {
      await bootstrap(app);
      await bootstrap(app); // a restart: nothing more
    } finally {
      process.stdout.write = write;
    }
    const db = t.app.store.db;
    const [ws, ...more] = await db.selectFrom('workspaces').select(['id', 'name']).execute();
    expect(more).toEqual([]);
    expect(ws!.name).toBe('Demo Shop');
    expect(out.join('')).toMatch(/password: {2}\S{12,}/);
    // The demo's routing: two round-robin teams of online demo agents, their passwords printed,
    // and the demo rules that fill the teams by language.
    expect(out.join('')).toMatch(/dana@hearken\.local +password: \S{12,}/);
    const team = await db
      .selectFrom('team_routing')
      .innerJoin('teams', 'teams.id', 'team_routing.team_id')
      .select(['teams.name', 'mode'])
      .orderBy('teams.name')
      .execute();
    expect(team).toEqual([
      { name: 'Asia desk', mode: 'round_robin' },
      { name: 'Front line', mode: 'round_robin' },
    ]);
    expect(
      Number(
        (
          await db
            .selectFrom('rules')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('workspace_id', '=', ws!.id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(4);
    const online = await db.selectFrom('member_availability').select('status').where('workspace_id', '=', ws!.id).execute();
    expect(online.map((r) => r.status)).toEqual(['online', 'online']);
    expect(await db.selectFrom('channels').select(['type', 'name']).where('workspace_id', '=', ws!.id).execute()).toEqual([
      { type: 'api', name: 'Demo traffic' },
    ]);
    const q = await sql<{ name: string; kind: string; active: number }>`SELECT name, kind, active FROM listening_queries`.execute(db);
    expect(q.rows.map((r) => [r.name, r.kind, Number(r.active)])).toEqual([['Demo Shop', 'brand', 1]]);
    const s = await sql<{ kind: string }>`SELECT kind FROM listening_sources`.execute(db);
    expect(s.rows.map((r) => r.kind)).toEqual(['channels']);
    // Saved replies for the demo's Vietnamese customers: English main text, a Vietnamese translation.
    const saved = await db
      .selectFrom('saved_replies')
      .innerJoin('saved_reply_translations', 'saved_reply_translations.saved_reply_id', 'saved_replies.id')
      .select(['saved_replies.name', 'saved_replies.language as main', 'saved_reply_translations.language'])
      .where('saved_replies.workspace_id', '=', ws!.id)
      .orderBy('saved_replies.name')
      .execute();
    expect(saved).toEqual([
      { name: 'Late delivery', main: 'en', language: 'vi' },
      { name: 'Size and colour in stock', main: 'en', language: 'vi' },
    ]);
  });
});
