import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { invalid } from '../lib/errors.js';
import { type ApprovalPolicy, approvalPolicySchema } from './policy.js';

const BUILT_IN_ROLES = new Set(['owner', 'admin', 'agent', 'viewer']);

/**
 * Replaces the workspace's approval policy. Every member, role, team and channel a rule names
 * must belong to the workspace (a 400 names the rule and the field), so a policy never silently
 * holds nobody because of a stale id.
 */
export async function saveApprovalPolicy(app: App, input: { workspaceId: string; actorUserId: string; policy: ApprovalPolicy }): Promise<ApprovalPolicy> {
  const policy = approvalPolicySchema.parse(input.policy);
  const db = app.store.db;
  const ws = input.workspaceId;
  const sets = async (table: 'teams' | 'channels' | 'roles', values: string[]): Promise<Set<string>> => {
    if (!values.length) return new Set();
    const rows = await db
      .selectFrom(table as 'teams')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('id', 'in', values)
      .execute();
    return new Set(rows.map((r) => r.id));
  };
  const members = async (values: string[]) =>
    new Set(
      values.length
        ? (await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', ws).where('user_id', 'in', values).execute()).map((r) => r.user_id)
        : [],
    );
  for (const [i, rule] of policy.rules.entries()) {
    const check = async (field: string, values: string[], found: Set<string>) => {
      const missing = values.find((v) => !found.has(v));
      if (missing) throw invalid(`rules.${i}.${field}`, `${missing} is not one of this workspace's ${field === 'roles' ? 'roles' : field.replace('Ids', 's')}`);
    };
    await check('userIds', rule.userIds, await members(rule.userIds));
    await check('teamIds', rule.teamIds, await sets('teams', rule.teamIds));
    await check('channelIds', rule.channelIds, await sets('channels', rule.channelIds));
    const custom = rule.roles.filter((r) => !BUILT_IN_ROLES.has(r));
    const customFound = await sets('roles', custom);
    await check('roles', rule.roles, new Set([...BUILT_IN_ROLES, ...customFound]));
  }
  const now = app.now();
  await db.transaction().execute(async (tx) => {
    const row = { policy: JSON.stringify(policy), updated_by: input.actorUserId, updated_at: now };
    await tx
      .insertInto('approval_policies')
      .values({ workspace_id: ws, ...row })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet(row))
      .execute();
    await appendEvent(tx, {
      workspaceId: ws,
      type: 'approval_policy.updated',
      actorUserId: input.actorUserId,
      data: { rules: policy.rules.length, allowSelfApproval: policy.allowSelfApproval, automationReplies: policy.automationReplies },
      at: now,
    });
  });
  return policy;
}
