import { DEMO_MODERATION } from '../demo/moderation.js';
import type { App } from '../app.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { createChannel } from '../channel-admin/create-channel.js';
import { saveQuery } from '../listening/saved-queries/save-query.js';
import { saveSource } from '../listening/sources/save-source.js';
import { seedDemoRules } from '../demo/demo-rules.js';
import { type DemoAgent, seedDemoRouting } from '../demo/demo-team.js';
import { seedDemoSavedReplies } from '../demo/demo-saved-replies.js';

/**
 * First start on an empty database: a workspace, an owner whose password is printed once, and
 * a demo API channel. Returns stop functions for anything it started (demo traffic).
 */
export async function bootstrap(app: App): Promise<Array<() => Promise<void>>> {
  const db = app.store.db;
  const any = await db.selectFrom('workspaces').select('id').limit(1).executeTakeFirst();
  if (any) return [];
  const email = process.env.HEARKEN_OWNER_EMAIL ?? 'owner@hearken.local';
  const ws = await createWorkspace(db, {
    name: 'Demo Shop',
    ownerEmail: email,
    ownerName: 'Owner',
    password: process.env.HEARKEN_OWNER_PASSWORD,
    now: app.now(),
  });
  await createChannel(app, {
    workspaceId: ws.workspaceId,
    type: 'api',
    name: 'Demo traffic',
    settings: { network: 'demo', moderation: [...DEMO_MODERATION] },
  });
  let agents: DemoAgent[] = [];
  if (app.config.demo) {
    // Listening is alive from the first minute too: the brand's own public comments and mentions
    // (the demo traffic has them, in six languages) are a source no network has to be reached for.
    const actor = { workspaceId: ws.workspaceId, actorUserId: ws.ownerId };
    await saveQuery(app, { ...actor, name: 'Demo Shop', kind: 'brand', query: '@DemoShop OR "demo shop" OR #demoshop OR shop OR 店' });
    await saveSource(app, { ...actor, kind: 'channels', name: 'Our channels (public comments and mentions)', settings: {}, pollIntervalSeconds: 60 });
    // Rules and routing work from the first minute: rules put new conversations in a team by
    // language (and set priority from triage), each team's round robin gives them to an agent.
    const routing = await seedDemoRouting(app, ws.workspaceId);
    agents = routing.agents;
    await seedDemoRules(app, ws.workspaceId, routing.teams);
    // Saved replies in English with a Vietnamese translation, for the demo's Vietnamese customers.
    await seedDemoSavedReplies(app, ws.workspaceId, ws.ownerId);
  }
  const lines = [
    '',
    '  Hearken is ready. Your first workspace and owner account:',
    `    workspace: Demo Shop (${ws.workspaceId})`,
    `    email:     ${ws.ownerEmail}`,
    `    password:  ${ws.generatedPassword ?? '(from HEARKEN_OWNER_PASSWORD)'}`,
    ws.generatedPassword ? '  It is shown only this once; the first sign-in asks you to choose your own.' : '  The password is the one you set.',
    ...(agents.length
      ? [
          '',
          '  Two demo agents: "Front line" has both, "Asia desk" has Lee; demo rules route by language (Settings → Automation, and the Live board):',
          ...agents.map((a) => `    ${a.email.padEnd(20)} password: ${a.password}`),
          '  Shown only this once too; the first sign-in asks each to choose their own.',
        ]
      : []),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return [];
}
