/** The API's shapes, as the web app uses them (see /openapi.json and the README). */
import type { PostContext } from '../lib/post-context';
export type Role = 'viewer' | 'agent' | 'admin' | 'owner';
/** A member's role: built-in, or 'custom' (one of the workspace's own roles, named by roleId/roleName). */
export type MemberRole = Role | 'custom';
/** The permission catalog (README "Roles and permissions"; GET /roles lists it with what each allows). */
export type Permission =
  | 'conversations.view'
  | 'conversations.reply_public'
  | 'conversations.reply_private'
  | 'conversations.note'
  | 'conversations.triage'
  | 'conversations.assign'
  | 'conversations.moderate'
  | 'replies.approve'
  | 'contacts.manage'
  | 'contacts.export'
  | 'contacts.erase'
  | 'saved_replies.manage'
  | 'tags.manage'
  | 'listening.use'
  | 'reports.view'
  | 'settings.manage'
  | 'channels.manage'
  | 'members.manage'
  | 'audit.view';
export type Kind = 'dm' | 'comment' | 'mention' | 'review' | 'email' | 'chat';
export type Status = 'open' | 'pending' | 'snoozed' | 'resolved';
export type Visibility = 'public' | 'private';

export interface Me {
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string };
  role: MemberRole;
  roleId: string | null;
  roleName: string | null;
  /** What the workspace role allows. */
  permissions: Permission[];
  /** Team id → what the member's role in that team adds on that team's conversations. */
  teamPermissions: Record<string, Permission[]>;
  csrfToken?: string;
  workspaces: Array<{ id: string; name: string; role: MemberRole; roleName?: string }>;
  /** The password was generated: the app shows the change form before anything else. */
  mustChangePassword?: boolean;
  /** The workspace requires two-factor and this account has none yet. */
  twoFactorEnrolmentRequired?: boolean;
}

/** One of the workspace's own roles (GET /roles). */
export interface CustomRole {
  id: string;
  name: string;
  description: string;
  permissions: Permission[];
  members: number;
  teamPlaces: number;
}

export interface RolesCatalog {
  roles: CustomRole[];
  builtIn: Array<{ role: Role; permissions: Permission[] }>;
  permissions: Array<{ name: Permission; group: 'conversations' | 'contacts' | 'workspace' | 'administration'; doc: string }>;
}

export interface TeamRole {
  role: MemberRole;
  roleId: string | null;
  roleName: string | null;
}

export interface Capabilities {
  publicReply: boolean;
  privateReplyToPublic: boolean;
  directMessages: boolean;
  kinds: Kind[];
  messageWindowHours: number | null;
  maxLength: number;
  lengthCounting: 'codepoints' | 'utf16' | 'twitter-weighted';
  attachments: boolean;
  /** Files an agent may send (README "Attachments"); absent = none. */
  outboundAttachments?: { maxFiles: number; maxBytes: number; privateOnly: boolean; captionMax?: number };
  editDelete: boolean;
  safeRetry: boolean;
  /** Moderation of customers' public comments (README "Moderation"); absent = none. */
  moderation?: { actions: ModerationAction[]; unavailable: Partial<Record<ModerationAction, string>>; networkName: string };
}

export const MODERATION_ACTIONS = ['hide', 'unhide', 'delete', 'like', 'block'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** A comment's latest moderation action: on its way (queued), done, or refused by the network (failed). */
export interface Moderation {
  id: string;
  messageId: string;
  action: ModerationAction;
  status: 'queued' | 'done' | 'failed';
  error: string | null;
  createdAt: string;
}

/** Named levels, urgent first (the API's names; docs in README "Priority"). */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low', 'none'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface ConversationBase {
  id: string;
  channelId: string;
  contactId: string;
  kind: Kind;
  visibility: Visibility;
  status: Status;
  priority: Priority;
  assigneeId: string | null;
  teamId: string | null;
  subject: string | null;
  publicItemId: string | null;
  linkedConversationId: string | null;
  snoozedUntil: string | null;
  lastMessageAt: string | null;
  waitingSince: string | null;
  lastInboundAt: string | null;
  language: string | null;
  sentiment: string | null;
  unread: number;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** Marked spam (README "Spam and removed messages"); null = not spam. Absent on older servers. */
  spam?: { at: string; source: 'agent' | 'triage'; by: string | null; signal: 'spam' | 'troll' | null; score: number | null } | null;
  /** Every awaiting customer message was removed: out of the queue, nothing waits. */
  removedAt?: string | null;
  /** Merged into another conversation (a tombstone): the app opens that one. Absent on older servers. */
  mergedInto?: { id: string; at: string | null; byUserId: string | null } | null;
  /** Triage signals and the computed priority (README "Signals and priority"); absent on older servers. */
  signals?: Signals;
}

/** One part of a priority score; `code` picks the catalog's wording (signals.reason.*). */
export interface PriorityReason {
  code: string;
  reason: string;
  points: number;
  detail?: string;
}

export interface Signals {
  intent: { label: string; confidence: number | null } | null;
  needsReply: boolean | null;
  trollScore: number | null;
  priority: { level: Priority; score: number; reasons: PriorityReason[]; pinned: boolean; computedAt: string | null };
}

/** Why a row matched the queue's text search (src/search/conversation-matches.ts); highlight ranges index snippet. */
export interface SearchMatch {
  field: 'message' | 'name' | 'email' | 'phone' | 'handle';
  snippet: string;
  highlight: Array<[number, number]>;
}

export type AttributeType = 'text' | 'number' | 'date' | 'boolean' | 'select';
export interface AttributeDef {
  id: string;
  key: string;
  label: string;
  type: AttributeType;
  options: string[];
  description: string;
}

export interface QueueRow extends ConversationBase {
  match?: SearchMatch | null;
  contact: { id: string; name: string | null };
  channel: { id: string; name: string; type: string } | null;
  tags: string[];
  lastMessage: { body: string; direction: string; authorKind: string; createdAt: string; deleted?: boolean } | null;
  /** Replies waiting in held_replies: proposed for approval, scheduled for later; absent on older servers. */
  held?: { proposed: number; scheduled: number };
  /** The nearest running SLA clock (src/sla); absent on older servers. */
  sla?: { target: 'first_response' | 'next_response' | 'resolution'; dueAt: string; breached: boolean; msLeft: number } | null;
}

export interface Attachment {
  type?: string;
  url?: string;
  name?: string;
  mimeType?: string;
  /** Set once the media job copied it from the network's host (docs/media.md): GET /api/v1/media/{stored}. */
  stored?: string;
  size?: number;
  contentType?: string;
  /** Why it was not stored (refused host, too large, not a media type…). */
  error?: string;
}

export interface Message {
  id: string;
  conversationId: string;
  /** The conversation (network thread) it was written in, when a merge brought it here. */
  originConversationId?: string | null;
  direction: 'in' | 'out' | 'note' | 'activity';
  authorKind: 'customer' | 'human' | 'bot' | 'automation' | 'outside';
  authorUserId: string | null;
  visibility: Visibility;
  body: string;
  deleted: boolean;
  /** Text and files erased at the customer's request. */
  erased?: boolean;
  attachments: Attachment[];
  externalId: string | null;
  replyToExternalId: string | null;
  networkTimestamp: string | null;
  receivedAt: string | null;
  deliveryStatus: string;
  deliveryError: string | null;
  editedAt: string | null;
  deletedAt: string | null;
  /** Hidden on the network by the team. */
  hiddenAt?: string | null;
  likedAt?: string | null;
  /** Public customer comments: the latest moderation action. */
  moderation?: Moderation | null;
  /** Customer messages: the triage engine's reading (personal details found, among others). */
  analysis?: Partial<Analysis> | null;
  createdAt: string;
  language?: string | null;
  sentiment?: string | null;
}

export interface Identity {
  network: string;
  externalId: string;
  handle: string | null;
  id?: string;
  /** Blocked on the network by the team (README "Moderation"). */
  blockedAt?: string | null;
}

export interface ConversationDetail extends ConversationBase {
  messages: Message[];
  /** Conversations merged into this one, oldest merge first (README "Merging conversations"). */
  mergedFrom?: Array<{ id: string; kind: string; channelId: string; at: string | null; by: { id: string; name: string } | null }>;
  olderCursor: string | null;
  contact: { id: string; name: string | null; attributes: Record<string, string | number | boolean>; identities: Identity[] };
  tags: string[];
  channel: { id: string; name: string; type: string; status: string; capabilities: Capabilities };
  linkedConversation: { id: string; kind: Kind; visibility: Visibility; status: Status } | null;
  /** Comments and mentions: the post they live under (null for other kinds). */
  postContext?: PostContext | null;
  /** The language Hearken writes to this customer in (conversation's, else the workspace default, else en). */
  replyLanguage: string;
  /** The public note offered on "Move to private", in that language. */
  defaultPublicNote: string;
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: MemberRole;
  roleId?: string | null;
  roleName?: string | null;
  joinedAt: number;
  teams: Array<{ id: string; name: string }> | string[];
  teamRoles?: Array<TeamRole & { teamId: string }>;
}

/** A pending invitation to join a workspace (docs/auth.md#members). */
export interface Invitation {
  id: string;
  workspace: { id: string; name: string };
  user: { id: string; email: string; name: string };
  role: Role;
  invitedBy: { id: string; name: string };
  createdAt: number;
  expiresAt: number;
}

export interface Team {
  id: string;
  name: string;
  members?: Array<{ id?: string; userId?: string; name?: string }>;
  /** Members' roles inside the team, for those who have one. */
  roles?: Array<TeamRole & { userId: string }>;
}

export interface Channel {
  id: string;
  type: string;
  name: string;
  status: 'active' | 'disabled';
  settings: Record<string, unknown>;
  capabilities: Capabilities;
  webhookUrl: string;
  createdAt: string;
  secrets?: Record<string, string>;
}

/** A site chat channel's widget settings (docs/channels-site.md). */
export interface SiteWidgetSettings {
  allowedOrigins: string[];
  title: string;
  greeting: string;
  awayMessage: string;
  color: string;
  askEmail: 'off' | 'optional' | 'required';
}

/** A WhatsApp message template synced from Meta (docs/channels-meta.md, "Message templates"). */
export interface ChannelTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  body: string;
  bodyParams: number;
  unsupported: string | null;
  syncedAt: string;
}

export interface Counts {
  open: {
    mine: number;
    unassigned: number;
    all: number;
    needsReply?: number;
    byTeam: Record<string, number>;
    byChannel: Record<string, number>;
    byKind: Record<string, number>;
  };
  /** Out of the queue, whatever their status (absent on older servers). */
  folders?: { spam: number; removed: number };
}

export interface SavedReply {
  id: string;
  name: string;
  /** The main text: inserted when no translation fits the conversation's language. */
  body: string;
  /** The main text's language, when said (absent on older servers). */
  language?: string | null;
  /** One text per other language (README "Saved replies"); absent on older servers. */
  translations?: Array<{ language: string; body: string }>;
  updatedAt: string;
}

export interface SavedView {
  id: string;
  name: string;
  filters: Record<string, string>;
  shared: boolean;
}

export interface Viewer {
  userId: string;
  name: string;
  state: 'viewing' | 'typing' | 'left';
}

export interface UserSettings {
  notifications: { assignments: boolean; mentions: boolean; slaBreaches: boolean; approvals: boolean; rules: boolean; email: boolean };
  signature: { enabled: boolean };
  appearance: { theme: ThemeChoice };
}

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface ContactDetail {
  id: string;
  name: string | null;
  email?: string | null;
  phone?: string | null;
  attributes: Record<string, string | number | boolean>;
  identities: Identity[];
  conversations: Array<{
    id: string;
    channelId: string;
    channelName: string;
    channelType: string;
    kind: Kind;
    visibility: Visibility;
    status: Status;
    subject: string | null;
    lastMessageAt: number | null;
    createdAt: number;
    lastMessagePreview: string | null;
  }>;
  hasMoreConversations?: boolean;
  mergedFrom?: Array<{ id: string; name: string | null; mergedAt: number; mergeId: string | null }>;
  createdAt?: number;
  mergedInto?: string;
  /** When the person's data was erased at their request (ms); null otherwise. */
  erasedAt?: number | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  data: Record<string, unknown>;
}

export interface Analysis {
  language: string;
  sentiment: { label: string; score: number };
  intent: { label: string; confidence: number };
  needsReply: { value: boolean; reason: string } | boolean;
  troll: { score: number; signals: string[] } | boolean;
  pii: Array<{ type: string; start: number; end: number; text: string }>;
}

/** A tone hint; some cover a phrase (start/end), some the whole reply (no position). */
export interface ToneHint {
  start?: number;
  end?: number;
  text?: string;
  kind?: string;
  rule?: string;
  message?: string;
  reason?: string;
}

export interface StreamEvent {
  id: number;
  type: string;
  conversationId: string | null;
  actorUserId: string | null;
  data: Record<string, unknown>;
  createdAt: number;
}

/** GET /tags: managed tags (colour, description) and tags in use but not managed (colour null). */
export interface TagInfo {
  name: string;
  color: string | null;
  description: string;
  managed: boolean;
  conversations: number;
}

type Ref = { id: string; name: string } | null;
/** Who did something in a conversation: a member, Hearken itself, or an automation rule. */
export type ActivityActor = { kind: 'user'; id: string; name: string } | { kind: 'system' } | { kind: 'rule'; name: string } | { kind: 'routing' };
/** GET /conversations/:id/activity: one line of what happened, oldest first. */
export type ActivityItem = { id: string; at: string; actor: ActivityActor } & (
  | { kind: 'assigned'; assignee: Ref; previousAssignee: Ref; team: Ref; previousTeam: Ref; assigneeChanged: boolean; teamChanged: boolean }
  | { kind: 'tagged'; added: string[]; removed: string[] }
  | { kind: 'priority'; priority: Priority; source?: 'auto' | 'computed'; score?: number }
  | { kind: 'status'; from: Status; to: Status; reason: 'agent' | 'customer_message' | 'snooze_ended' | 'merge'; snoozedUntil: string | null }
  | { kind: 'moved_to_private'; privateConversationId: string }
  | { kind: 'sla_breached'; target: string; policyName: string }
  | { kind: 'merged' | 'unmerged'; sourceId: string; messages: number }
);
