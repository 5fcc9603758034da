import { z } from 'zod';

/** Settings, people and configuration: events about the workspace rather than a conversation. */

const id = z.string();
const role = z.enum(['owner', 'admin', 'agent', 'viewer']);
/** A member's role: built-in, or 'custom' with the custom role's id beside it. */
const memberRole = z.enum(['owner', 'admin', 'agent', 'viewer', 'custom']);
const created = <T extends z.ZodRawShape>(what: string, shape: T) => ({ doc: `${what} is created`, payload: z.strictObject(shape) });
const updated = <T extends z.ZodRawShape>(what: string, shape: T) => ({ doc: `${what} is changed`, payload: z.strictObject(shape) });
const deleted = <T extends z.ZodRawShape>(what: string, shape: T) => ({ doc: `${what} is deleted`, payload: z.strictObject(shape) });

export const workspaceEvents = {
  'channel.created': created('a channel', { channelId: id, type: z.string() }),
  'channel.updated': updated('a channel (status, secrets, settings)', {
    channelId: id,
    status: z.string().optional(),
    rotatedSecrets: z.boolean().optional(),
    fields: z.array(z.string()).optional(),
  }),
  'channel.templates_synced': {
    doc: "a WhatsApp channel's message templates were synced",
    payload: z.strictObject({ channelId: id, added: z.number(), updated: z.number(), removed: z.number() }),
  },

  'contact.updated': {
    doc: "a contact's details change (which attributes, never their values)",
    payload: z.strictObject({
      contactId: id,
      nameChanged: z.boolean(),
      attributeKeys: z.array(z.string()),
      emailChanged: z.boolean().optional(),
      phoneChanged: z.boolean().optional(),
    }),
  },
  'contact.merged': {
    doc: 'two contacts are merged (mergeId names the record an unmerge undoes)',
    payload: z.strictObject({ survivorId: id, mergedId: id, movedIdentities: z.number(), movedConversations: z.number(), mergeId: id.optional() }),
  },
  'contact.unmerged': {
    doc: 'a merge is undone: the merged contact gets back its identities, conversations and details',
    payload: z.strictObject({ survivorId: id, restoredId: id, mergeId: id, movedIdentities: z.number(), movedConversations: z.number() }),
  },
  'contacts.imported': {
    doc: 'a CSV of contacts is imported (counts only)',
    payload: z.strictObject({ created: z.number(), updated: z.number(), failed: z.number(), rows: z.number() }),
  },
  'contact_attribute.saved': {
    doc: 'a custom contact attribute definition is created or changed',
    payload: z.strictObject({ key: z.string(), type: z.string() }),
  },
  'contact_attribute.deleted': deleted('a custom contact attribute definition', { key: z.string() }),

  'contact.erased': {
    doc: "a contact's personal data is erased at their request (counts only; conversations and metrics stay)",
    payload: z.strictObject({ contactId: id, conversations: z.number(), messages: z.number(), identities: z.number() }),
  },

  'member.invited': { doc: 'an existing account is invited to join (or invited again)', payload: z.strictObject({ userId: id, role }) },
  'member.invitation_withdrawn': { doc: 'an admin withdraws a pending invitation', payload: z.strictObject({ userId: id, role }) },
  'member.invitation_declined': { doc: 'the invited person declines', payload: z.strictObject({ userId: id, role }) },
  'member.invite_link_sent': {
    doc: 'an admin invites an e-mail address with a link (mailed: whether it went by e-mail)',
    payload: z.strictObject({ inviteId: id, role, mailed: z.boolean() }),
  },
  'member.invite_link_revoked': { doc: 'an admin revokes an e-mail invitation', payload: z.strictObject({ inviteId: id, role }) },
  'member.invite_link_accepted': {
    doc: 'someone accepts an e-mail invitation (newAccount: the account was created by it)',
    payload: z.strictObject({ inviteId: id, userId: id, role, newAccount: z.boolean() }),
  },
  'account.two_factor_enabled': { doc: 'a member turns two-factor sign-in on (written to each of their workspaces)', payload: z.strictObject({ userId: id }) },
  'account.two_factor_disabled': { doc: 'a member turns two-factor sign-in off', payload: z.strictObject({ userId: id }) },
  'account.recovery_code_used': {
    doc: 'a member signs in with a recovery code (remaining: how many are left)',
    payload: z.strictObject({ userId: id, remaining: z.number() }),
  },
  'account.password_reset': {
    doc: "a member's password is set by a reset link (every session of theirs ends)",
    payload: z.strictObject({ userId: id, endedSessions: z.number() }),
  },
  'account.sessions_revoked': {
    doc: 'a member signs out one or all other sessions of theirs',
    payload: z.strictObject({ userId: id, count: z.number(), allOthers: z.boolean() }),
  },
  'account.sso_sign_in': {
    doc: 'a member signs in through the OpenID Connect provider (provisioned: the account was created by it)',
    payload: z.strictObject({ userId: id, provisioned: z.boolean() }),
  },
  'workspace.two_factor_requirement_changed': {
    doc: 'the owner requires (or stops requiring) two-factor sign-in of every member',
    payload: z.strictObject({ required: z.boolean() }),
  },
  'member.added': { doc: 'someone joins the workspace (added, or accepting an invitation)', payload: z.strictObject({ userId: id, role }) },
  'member.role_changed': {
    doc: "a member's role changes (fromRoleId/toRoleId name a custom role)",
    payload: z.strictObject({ userId: id, from: memberRole, to: memberRole, fromRoleId: id.nullable().optional(), toRoleId: id.nullable().optional() }),
  },
  'member.removed': { doc: 'someone leaves the workspace', payload: z.strictObject({ userId: id, role: memberRole }) },
  'role.created': created('a custom role', { roleId: id, name: z.string(), permissions: z.array(z.string()) }),
  'role.updated': updated('a custom role (name, description, permissions)', { roleId: id, name: z.string(), permissions: z.array(z.string()) }),
  'role.deleted': deleted('a custom role', { roleId: id, name: z.string() }),
  'team.created': created('a team', { teamId: id, name: z.string() }),
  'team.updated': updated('a team (renamed)', { teamId: id, name: z.string() }),
  'team.deleted': deleted('a team', { teamId: id, name: z.string() }),
  'team.member_added': { doc: 'a member joins a team', payload: z.strictObject({ teamId: id, userId: id }) },
  'team.member_removed': { doc: 'a member leaves a team', payload: z.strictObject({ teamId: id, userId: id }) },
  'team.member_role_changed': {
    doc: "a member's role inside a team is set or cleared (role null)",
    payload: z.strictObject({ teamId: id, userId: id, role: memberRole.nullable(), roleId: id.nullable() }),
  },

  'business_hours.changed': {
    doc: "the workspace's or a channel's business hours change (a new version from a date)",
    payload: z.strictObject({ versionId: id, channelId: z.string().nullable(), effectiveFrom: z.number(), removed: z.boolean() }),
  },
  'workspace.language_changed': {
    doc: 'the default language Hearken writes to customers in changes (null = English)',
    payload: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }),
  },
  'auto_replies.changed': {
    doc: 'auto-reply settings change (workspace default or a channel override)',
    payload: z.strictObject({ channelId: z.string().nullable(), removed: z.boolean() }),
  },
  'sla_policy.created': created('an SLA policy', { policyId: id }),
  'sla_policy.updated': updated('an SLA policy', { policyId: id }),
  'sla_policy.deleted': deleted('an SLA policy', { policyId: id }),
  'saved_reply.created': created('a saved reply', { savedReplyId: id }),
  'saved_reply.updated': updated('a saved reply', { savedReplyId: id }),
  'saved_reply.deleted': deleted('a saved reply', { savedReplyId: id }),
  'tone_rule.created': created('a workspace tone rule', {
    toneRuleId: id,
    language: z.string(),
    kind: z.enum(['dismissive', 'blame', 'apology']),
    phrase: z.string(),
    enabled: z.boolean(),
  }),
  'tone_rule.updated': updated('a workspace tone rule', {
    toneRuleId: id,
    language: z.string(),
    kind: z.enum(['dismissive', 'blame', 'apology']),
    phrase: z.string(),
    enabled: z.boolean(),
  }),
  'tone_rule.deleted': deleted('a workspace tone rule', { toneRuleId: id }),
  'tag.created': created('a managed tag', { name: z.string(), color: z.string() }),
  'tag.updated': updated('a managed tag (renamed, recoloured, described)', {
    name: z.string(),
    previousName: z.string().optional(),
    fields: z.array(z.enum(['name', 'color', 'description'])),
  }),
  'tag.deleted': {
    doc: 'a tag is deleted: off the managed list and off every conversation (conversations: how many)',
    payload: z.strictObject({ name: z.string(), conversations: z.number() }),
  },
  'tag.merged': {
    doc: 'tag `from` is merged into `into`: every conversation tagged `from` gets `into`, and `from` is gone',
    payload: z.strictObject({ from: z.string(), into: z.string(), conversations: z.number() }),
  },
  'tags.settings_changed': { doc: 'the "only managed tags" workspace setting changes', payload: z.strictObject({ managedOnly: z.boolean() }) },
  'survey.settings_changed': { doc: 'survey settings change', payload: z.strictObject({ kind: z.string() }) },
  'report.schedule_changed': {
    doc: 'the e-mailed report schedule changes',
    payload: z.strictObject({ enabled: z.boolean(), frequency: z.enum(['weekly', 'monthly']), recipients: z.number() }),
  },
  'retention.changed': {
    doc: 'the data retention settings change (days kept per kind; null = forever)',
    payload: z.strictObject({
      journalDays: z.number().nullable(),
      eventsDays: z.number().nullable(),
      mediaDays: z.number().nullable(),
      conversationsDays: z.number().nullable(),
    }),
  },
  'report.sent': {
    doc: 'a scheduled report was e-mailed',
    payload: z.strictObject({ period: z.string(), scheduled: z.literal(true), recipients: z.number() }),
  },
  'report.failed': {
    doc: 'a scheduled report could not be e-mailed',
    payload: z.strictObject({ period: z.string(), scheduled: z.literal(true), error: z.string() }),
  },
} as const;
