import type { App } from '../app.js';
import { createRule } from '../rules/create-rule.js';
import { type RuleInput, ruleInputSchema } from '../rules/model.js';
import type { DemoTeams } from './demo-team.js';

/**
 * The demo workspace's automation (first start with HEARKEN_DEMO on), the rules a lead would
 * write first, so a new user sees rules act on the demo traffic in the first minute (Settings →
 * Automation shows them with their firing counts; the conversation's activity names the rule):
 * triage signals turned into priority, then each new conversation put in a team by its language,
 * where the team's round robin gives it to an agent. Order matters: the two routing rules come
 * last, and the first of them stops the rest.
 */
export function demoRules(teams: DemoTeams): RuleInput[] {
  const newConversation = { type: 'message_received', which: 'new_conversation' } as const;
  const rules = [
    {
      name: 'Troll → low priority',
      trigger: { type: 'message_received', which: 'any' },
      conditions: { all: [{ field: 'troll_score', op: 'gte', value: 0.5 }] },
      actions: [
        { type: 'set_priority', priority: 'low' },
        { type: 'add_tags', tags: ['troll'] },
      ],
    },
    {
      name: 'Complaint with negative sentiment → high priority',
      trigger: { type: 'message_received', which: 'any' },
      conditions: {
        all: [
          { field: 'intent', op: 'in', value: ['complaint'] },
          { field: 'sentiment', op: 'in', value: ['negative'] },
        ],
      },
      actions: [{ type: 'set_priority', priority: 'high' }],
    },
    {
      name: 'Vietnamese and Chinese → Asia desk',
      trigger: newConversation,
      conditions: { all: [{ field: 'language', op: 'in', value: ['vi', 'zh'] }] },
      actions: [{ type: 'assign', teamId: teams.asiaDesk }],
      stopProcessing: true,
    },
    {
      name: 'Everything else → Front line',
      trigger: newConversation,
      conditions: { all: [{ field: 'team', op: 'not_set' }] },
      actions: [{ type: 'assign', teamId: teams.frontLine }],
    },
  ];
  // Parsed like an API request, so a demo rule can never be one the editor would refuse.
  return rules.map((r) => ruleInputSchema.parse(r));
}

export async function seedDemoRules(app: App, workspaceId: string, teams: DemoTeams): Promise<void> {
  for (const rule of demoRules(teams)) await createRule(app, { workspaceId, actorUserId: null, rule });
}
