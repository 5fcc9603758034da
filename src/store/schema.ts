import type {
  ApiTokenTable,
  InvitationTable,
  InviteLinkTable,
  LoginChallengeTable,
  PasswordResetTable,
  RecoveryCodeTable,
  LoginAttemptTable,
  RateLimitTable,
  MembershipTable,
  RoleTable,
  SessionTable,
  TeamRoleTable,
  TeamMemberTable,
  TeamTable,
  UserTable,
  WorkspaceTable,
} from './schema/accounts.js';
import type { EventTable, IntakeSpoolTable, JobTable, JournalEventFailureTable, JournalTable, PendingUpdateTable } from './schema/backbone.js';
import type { NotificationTable, RuleFiringTable, RuleTable } from './schema/rules.js';
import type { AuditLogTable, RetentionMediaKeyTable, RetentionRunTable, RetentionSettingsTable } from './schema/operations.js';
import type {
  ChannelTable,
  ContactAttributeDefTable,
  ContactMergeTable,
  ContactTable,
  ConversationTable,
  ConversationTagTable,
  IdentityTable,
  MediaUploadTable,
  MessageTable,
  ModerationActionTable,
  PostContextTable,
  SavedViewTable,
  SearchDocTable,
  TagTable,
} from './schema/inbox.js';
import type {
  ListeningAlertRuleTable,
  ListeningAlertTable,
  ListeningPostTable,
  ListeningQueryTable,
  ListeningSourceTable,
  MentionQueryTable,
  MentionTable,
} from './schema/listening.js';
import type { BusinessHoursTable, MetricBucketTable, MetricCycleTable, MetricStaleTable, MetricVersionTable } from './schema/metrics.js';
import type {
  ApprovalPolicyTable,
  AutoReplySendTable,
  AutoReplySettingsTable,
  ChannelTemplateTable,
  HeldReplyTable,
  SavedReplyTable,
  SavedReplyTranslationTable,
  ToneRuleTable,
} from './schema/replies.js';
import type { MemberAvailabilityTable, RoutingReturnTable, TeamRoutingMemberTable, TeamRoutingTable } from './schema/routing.js';
import type { MacroTable } from './schema/macros.js';
import type { SlaClockTable, SlaFollowerTable, SlaPolicyTable } from './schema/sla.js';
import type { ReportScheduleTable, SurveySettingsTable, SurveyTable } from './schema/surveys.js';

/**
 * The database's tables, all of them, in one `DB` interface: every Kysely handle (`store.db`, a
 * transaction) sees every table, so no module needs a cast helper (`db.withTables<…>()`) to query
 * its own tables, and a join across areas type-checks like any other.
 *
 * The convention, for a new table too: its row type (`<Name>Table`, with the column-value types
 * it needs, such as `Role` or `SlaTarget`) goes in `schema/<area>.ts`, the area being the part of
 * the flow that owns it; it is listed in `DB` below, under its SQL name; code imports row types
 * from this file (`store/schema.js`), which re-exports every area. Helpers that turn rows into
 * domain objects stay with the domain code.
 *
 * Column conventions, the same on both dialects:
 * - ids are text (time-ordered, see lib/ids.ts), except the journal and event log whose
 *   integer ids are cursors;
 * - timestamps are epoch milliseconds (bigint on PostgreSQL, parsed back to numbers);
 * - JSON is stored as text and parsed in code; booleans are 0/1 integers.
 */
export interface DB {
  // accounts
  workspaces: WorkspaceTable;
  users: UserTable;
  memberships: MembershipTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  roles: RoleTable;
  team_roles: TeamRoleTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_attempts: LoginAttemptTable;
  rate_limits: RateLimitTable;
  invitations: InvitationTable;
  invite_links: InviteLinkTable;
  login_challenges: LoginChallengeTable;
  password_resets: PasswordResetTable;
  recovery_codes: RecoveryCodeTable;
  // inbox
  channels: ChannelTable;
  contacts: ContactTable;
  identities: IdentityTable;
  contact_attribute_defs: ContactAttributeDefTable;
  contact_merges: ContactMergeTable;
  conversations: ConversationTable;
  conversation_tags: ConversationTagTable;
  tags: TagTable;
  messages: MessageTable;
  moderation_actions: ModerationActionTable;
  post_contexts: PostContextTable;
  saved_views: SavedViewTable;
  search_docs: SearchDocTable;
  media_uploads: MediaUploadTable;
  // backbone
  journal: JournalTable;
  journal_event_failures: JournalEventFailureTable;
  intake_spool: IntakeSpoolTable;
  pending_updates: PendingUpdateTable;
  jobs: JobTable;
  events: EventTable;
  audit_log: AuditLogTable;
  retention_settings: RetentionSettingsTable;
  retention_runs: RetentionRunTable;
  retention_media_keys: RetentionMediaKeyTable;
  // replies
  saved_replies: SavedReplyTable;
  saved_reply_translations: SavedReplyTranslationTable;
  tone_rules: ToneRuleTable;
  channel_templates: ChannelTemplateTable;
  auto_reply_settings: AutoReplySettingsTable;
  auto_reply_sends: AutoReplySendTable;
  held_replies: HeldReplyTable;
  approval_policies: ApprovalPolicyTable;
  // macros
  macros: MacroTable;
  // sla
  sla_policies: SlaPolicyTable;
  sla_clocks: SlaClockTable;
  sla_follower: SlaFollowerTable;
  // metrics
  metric_cycles: MetricCycleTable;
  metric_stale: MetricStaleTable;
  metric_buckets: MetricBucketTable;
  metric_versions: MetricVersionTable;
  business_hours: BusinessHoursTable;
  // surveys
  survey_settings: SurveySettingsTable;
  surveys: SurveyTable;
  report_schedules: ReportScheduleTable;
  // listening
  listening_queries: ListeningQueryTable;
  listening_sources: ListeningSourceTable;
  listening_posts: ListeningPostTable;
  mentions: MentionTable;
  mention_queries: MentionQueryTable;
  listening_alert_rules: ListeningAlertRuleTable;
  listening_alerts: ListeningAlertTable;
  // routing
  team_routing: TeamRoutingTable;
  team_routing_members: TeamRoutingMemberTable;
  member_availability: MemberAvailabilityTable;
  routing_returns: RoutingReturnTable;
  // rules
  rules: RuleTable;
  rule_firings: RuleFiringTable;
  notifications: NotificationTable;
}

export type * from './schema/accounts.js';
export type * from './schema/backbone.js';
export type * from './schema/inbox.js';
export type * from './schema/listening.js';
export type * from './schema/macros.js';
export type * from './schema/metrics.js';
export type * from './schema/operations.js';
export type * from './schema/replies.js';
export type * from './schema/rules.js';
export type * from './schema/sla.js';
export type * from './schema/surveys.js';
export type * from './schema/routing.js';
