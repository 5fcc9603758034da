import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../events/reactors.js';
import { priorityName } from '../lib/priority.js';
import { reactors } from '../processes/reactors.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { seedDemoRules } from './demo-rules.js';
import { DEMO_SCRIPTS } from './scripts.js';
import { seedDemoRouting } from './demo-team.js';
import { settlePipeline } from '../test/settle.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const settle = () => settlePipeline(t.app, 8);
const firstTurn = (key: string) => {
  const s = DEMO_SCRIPTS.find((d) => d.key === key)!;
  const turn = s.turns[0]!;
  return typeof turn === 'string' ? turn : turn.text;
};

describe(`demo rules and routing (${testDialect})`, () => {
  it('the demo rules put new conversations in a team by language, priority follows triage, and each team gives them out round robin', async () => {
    await runReactors(t.app, reactors); // the reactors start at "now"
    const { agents, teams } = await seedDemoRouting(t.app, w.workspaceId);
    expect(agents.map((a) => a.email)).toEqual(['dana@hearken.local', 'lee@hearken.local']);
    await seedDemoRules(t.app, w.workspaceId, teams);
    const keys = ['en-double-charge', 'en-size-question', 'en-praise', 'en-troll', 'vi-size-question', 'zh-restock-question', 'en-late-delivery'];
    for (const key of keys) {
      // The contact is named by the script's key, to find each conversation below.
      expect((await deliver(t, w, { events: [buildInbound({ from: { id: key, name: key }, text: firstTurn(key) })] })).status).toBeLessThan(300);
    }
    await settle();
    const rows = await t.app.store.db
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .leftJoin('teams', 'teams.id', 'conversations.team_id')
      .leftJoin('users', 'users.id', 'conversations.assignee_id')
      .select(['contacts.name as key', 'teams.name as team', 'users.email', 'conversations.priority', 'conversations.language'])
      .where('conversations.workspace_id', '=', w.workspaceId)
      .execute();
    const by = new Map(rows.map((r) => [r.key ?? '', r]));
    expect(rows).toHaveLength(keys.length);
    // Language → team; inside a team, round robin gives every conversation an agent.
    expect(by.get('vi-size-question')).toMatchObject({ team: 'Asia desk', email: 'lee@hearken.local' });
    expect(by.get('zh-restock-question')).toMatchObject({ team: 'Asia desk', email: 'lee@hearken.local' });
    const front = rows.filter((r) => r.key?.startsWith('en-'));
    expect(front.every((r) => r.team === 'Front line' && r.email)).toBe(true);
    const per: Record<string, number> = {};
    for (const r of front) per[r.email!] = (per[r.email!] ?? 0) + 1;
    expect(Math.abs((per['dana@hearken.local'] ?? 0) - (per['lee@hearken.local'] ?? 0))).toBeLessThanOrEqual(1);
    // Triage → priority: the troll low (and tagged), the angry complaint high.
    expect(priorityName(Number(by.get('en-troll')!.priority))).toBe('low');
    expect(priorityName(Number(by.get('en-late-delivery')!.priority))).toBe('high');
    const trollTags = await t.app.store.db
      .selectFrom('conversation_tags')
      .innerJoin('conversations', 'conversations.id', 'conversation_tags.conversation_id')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select('tag')
      .where('contacts.name', '=', 'en-troll')
      .execute();
    expect(trollTags.map((r) => r.tag)).toContain('troll');
    // The list shows each demo rule acting.
    const listed = (await (await t.req('GET', '/api/v1/rules', { token: w.token })).json()).rules as { name: string; firingCount: number }[];
    expect(listed.map((r) => r.name)).toEqual([
      'Troll → low priority',
      'Complaint with negative sentiment → high priority',
      'Vietnamese and Chinese → Asia desk',
      'Everything else → Front line',
    ]);
    expect(listed.every((r) => r.firingCount > 0)).toBe(true);
  });
});
