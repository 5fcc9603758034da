import type { Role } from '../store/schema.js';

/**
 * The permission catalog: every thing a role may allow, once, with what it allows. Routes ask for
 * one of these (auth/roles.ts `requirePermission`); roles are sets of them. The four built-in
 * roles are fixed sets below; custom roles (workspaces/roles/) pick any subset.
 *
 * What needs no permission: signing in and out, one's own profile, settings, saved views, API
 * tokens and invitations, and reading the workspace's configuration (members, teams, roles,
 * channels, hours, SLA policies, saved replies, tone rules, auto-replies, listening queries,
 * mentions and alerts) — every member may do those.
 */
export const PERMISSIONS = {
  'conversations.view': {
    group: 'conversations',
    doc: 'Read the queue, conversations, contacts and their history; search; the live event stream; attachments',
  },
  'conversations.reply_public': {
    group: 'conversations',
    doc: 'Reply in public (a comment, mention or review), including the public note left when moving to private',
  },
  'conversations.reply_private': {
    group: 'conversations',
    doc: 'Reply in private (messages, email, chat, WhatsApp templates) and move a public conversation to private',
  },
  'conversations.note': { group: 'conversations', doc: 'Leave internal notes and @mention colleagues' },
  'conversations.triage': {
    group: 'conversations',
    doc: "Change a conversation's status (open, pending, snoozed, resolved), priority, subject and tags; mark spam and not spam; merge and unmerge conversations (on every conversation involved); mark survey answers as wow",
  },
  'conversations.assign': { group: 'conversations', doc: 'Assign conversations to people and teams (one by one or in bulk)' },
  'conversations.moderate': {
    group: 'conversations',
    doc: "Hide, unhide, delete or like customers' public comments on the network and block their authors, where the network allows it",
  },
  'replies.approve': {
    group: 'conversations',
    doc: 'Accept (as written or edited) or reject replies that the approval policy holds as proposed, and see the approvals list',
  },
  'contacts.manage': { group: 'contacts', doc: "Edit a contact's name, e-mail, phone and attributes; merge and unmerge contacts; import contacts from CSV" },
  'contacts.export': { group: 'contacts', doc: "Download a contact's privacy export (everything Hearken holds about them) and the contacts directory as CSV" },
  'contacts.erase': { group: 'contacts', doc: "Erase a contact's personal data at their request" },
  'saved_replies.manage': { group: 'workspace', doc: 'Create, edit and delete saved replies' },
  'tags.manage': {
    group: 'workspace',
    doc: 'Manage the tag list: create, rename, recolour, describe, delete and merge tags; allow only managed tags',
  },
  'listening.use': { group: 'workspace', doc: 'Save listening queries, engage, observe or dismiss mentions, read listening reports' },
  'reports.view': { group: 'workspace', doc: 'Read the dashboard, metrics, survey results; export reports' },
  'settings.manage': {
    group: 'administration',
    doc: 'Business hours, SLA policies, auto-replies, tone rules, surveys, the report schedule, listening sources and alert rules, saved views shared with everyone',
  },
  'channels.manage': {
    group: 'administration',
    doc: 'Connect and edit channels, check them, rotate their secrets, sync WhatsApp templates; read and replay failed deliveries',
  },
  'members.manage': {
    group: 'administration',
    doc: "Add, invite and remove members; change their roles; create and edit roles; teams and team roles; revoke others' API tokens",
  },
  'audit.view': { group: 'administration', doc: 'Read and export the audit log' },
} as const satisfies Record<string, { group: PermissionGroup; doc: string }>;

export type PermissionGroup = 'conversations' | 'contacts' | 'workspace' | 'administration';
export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(s: string): s is Permission {
  return Object.hasOwn(PERMISSIONS, s);
}

/**
 * What a role given inside a team adds, on that team's conversations only: a team lead may assign
 * and reply there without doing so elsewhere. The other permissions of a team role are ignored —
 * reading, contacts, reports and administration are workspace-wide.
 */
export const CONVERSATION_SCOPED: ReadonlySet<Permission> = new Set<Permission>([
  'conversations.reply_public',
  'conversations.reply_private',
  'conversations.note',
  'conversations.triage',
  'conversations.assign',
  'conversations.moderate',
]);

const VIEWER: Permission[] = ['conversations.view', 'reports.view'];
const AGENT: Permission[] = [
  ...VIEWER,
  'conversations.reply_public',
  'conversations.reply_private',
  'conversations.note',
  'conversations.triage',
  'conversations.assign',
  // Agents keep a brand's public threads clean (a comment with someone's phone number, spam) as they answer.
  'conversations.moderate',
  'contacts.manage',
  'saved_replies.manage',
  'listening.use',
];

/**
 * The built-in roles as permission sets: exactly what viewer < agent < admin < owner allowed
 * before roles were made of permissions. Admin and owner hold every permission; what only an
 * owner may do (grant, remove or hand over the owner role: workspaces/owner-guard.ts) is not a
 * permission, so no other role can ever hold it.
 */
export const BUILT_IN_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: VIEWER,
  agent: AGENT,
  admin: ALL_PERMISSIONS,
  owner: ALL_PERMISSIONS,
};

/** A stored custom role's permissions (JSON text); names this version does not know are dropped. */
export function parsePermissions(json: string | null | undefined): Permission[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? ALL_PERMISSIONS.filter((p) => v.includes(p)) : [];
  } catch {
    return [];
  }
}
