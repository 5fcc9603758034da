import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseJson } from '../lib/json.js';
import type { DB } from '../store/schema.js';

/**
 * The reply approval policy of a workspace: which replies wait for an approver. A reply is held
 * when ANY rule matches it; a rule matches when its author part, its channels and its visibility
 * all match (an empty list = any). The author part matches when the author is one of the
 * members, has one of the roles, is in one of the teams, or joined less than `newMembersDays`
 * ago — any one of those; with none of them given, every human author matches.
 *
 * Replies by automations and bots are held only when `automationReplies` is on (and then on the
 * channels and visibility of any rule whose author part is empty, or every one when there are no
 * rules); customers' expectations of instant automated answers should not wait on a person unless
 * the lead asks for it.
 */
const ids = z.array(z.string().min(1).max(64)).max(500).default([]);
export const policyRuleSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(120),
  userIds: ids,
  /** Built-in role names (owner, admin, agent, viewer) or custom role ids. */
  roles: ids,
  teamIds: ids,
  newMembersDays: z.number().int().min(1).max(3650).nullable().default(null),
  channelIds: ids,
  visibility: z.enum(['any', 'public', 'private']).default('any'),
});
export const approvalPolicySchema = z.strictObject({
  rules: z.array(policyRuleSchema).max(100).default([]),
  /** An approver may accept their own proposed reply (off: someone else must, four eyes). */
  allowSelfApproval: z.boolean().default(false),
  /** Replies by automations and bots are held too. */
  automationReplies: z.boolean().default(false),
});
export type ApprovalPolicy = z.output<typeof approvalPolicySchema>;
export type PolicyRule = z.output<typeof policyRuleSchema>;

export const EMPTY_POLICY: ApprovalPolicy = { rules: [], allowSelfApproval: false, automationReplies: false };

export async function loadPolicy(db: Kysely<DB>, workspaceId: string): Promise<ApprovalPolicy> {
  const row = await db.selectFrom('approval_policies').select('policy').where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) return EMPTY_POLICY;
  const parsed = approvalPolicySchema.safeParse(parseJson(row.policy, {}));
  return parsed.success ? parsed.data : EMPTY_POLICY;
}

/** Who wrote the reply, as the policy looks at it. */
export interface PolicyAuthor {
  kind: 'human' | 'bot' | 'automation';
  userId: string | null;
  /** Built-in role name, or the custom role's id. */
  role: string | null;
  teamIds: readonly string[];
  joinedAt: number | null;
}

export interface PolicyReply {
  channelId: string;
  visibility: 'public' | 'private';
  now: number;
}

const DAY = 86_400_000;

/** The first rule that holds this reply (its reason, in words), or null: send it. Pure, so it is tested alone. */
export function matchPolicy(policy: ApprovalPolicy, author: PolicyAuthor, r: PolicyReply): string | null {
  const place = (rule: PolicyRule) =>
    (rule.channelIds.length === 0 || rule.channelIds.includes(r.channelId)) && (rule.visibility === 'any' || rule.visibility === r.visibility);
  const anyAuthor = (rule: PolicyRule) => !rule.userIds.length && !rule.roles.length && !rule.teamIds.length && rule.newMembersDays === null;
  if (author.kind !== 'human') {
    if (!policy.automationReplies) return null;
    const generic = policy.rules.filter(anyAuthor);
    if (!policy.rules.length) return 'automation replies need approval';
    const hit = generic.find(place);
    return hit ? hit.name : null;
  }
  for (const rule of policy.rules) {
    if (!place(rule)) continue;
    if (anyAuthor(rule)) return rule.name;
    const isNew = rule.newMembersDays !== null && author.joinedAt !== null && r.now - author.joinedAt < rule.newMembersDays * DAY;
    if (
      (author.userId && rule.userIds.includes(author.userId)) ||
      (author.role && rule.roles.includes(author.role)) ||
      author.teamIds.some((t) => rule.teamIds.includes(t)) ||
      isNew
    )
      return rule.name;
  }
  return null;
}

/** The author's role, teams and joining date in this workspace (null user: an automation or bot). */
export async function loadPolicyAuthor(db: Kysely<DB>, workspaceId: string, kind: PolicyAuthor['kind'], userId: string | null): Promise<PolicyAuthor> {
  if (!userId) return { kind, userId: null, role: null, teamIds: [], joinedAt: null };
  const m = await db
    .selectFrom('memberships')
    .select(['role', 'role_id', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const teams = await db.selectFrom('team_members').select('team_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
  return {
    kind,
    userId,
    role: m ? (m.role === 'custom' ? m.role_id : m.role) : null,
    teamIds: teams.map((t) => t.team_id),
    joinedAt: m ? Number(m.created_at) : null,
  };
}
