import type { Generated } from 'kysely';

// Workspaces, people and sign-in: row types (see ../schema.ts for the conventions every table follows).

/** The built-in roles (auth/permissions.ts has what each allows). */
export type Role = 'owner' | 'admin' | 'agent' | 'viewer';
/** A member's role: a built-in one, or 'custom' with role_id naming the workspace's own role. */
export type MemberRole = Role | 'custom';

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: number;
  /** Language for customer-facing texts when a conversation's is unknown (migration 0018); null = English. */
  default_language?: string | null;
  /** 1 = agents may only use managed tags (migration 0021). */
  managed_tags_only: Generated<number>;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
}

export interface MembershipTable {
  workspace_id: string;
  user_id: string;
  role: MemberRole;
  /** Set exactly when role is 'custom': a row of `roles` in the same workspace. */
  role_id: Generated<string | null>;
  created_at: number;
  /** JSON: per-member preferences (notifications, signature); see me/settings. */
  settings: Generated<string>;
}

export interface TeamTable {
  id: string;
  workspace_id: string;
  name: string;
  created_at: number;
}

export interface TeamMemberTable {
  workspace_id: string;
  team_id: string;
  user_id: string;
}

/** A workspace's own role (workspaces/roles/): a named set of permissions. */
export interface RoleTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  /** JSON array of permission names (auth/permissions.ts). */
  permissions: string;
  created_at: number;
  updated_at: number;
}

/**
 * A member's role inside one team they belong to, on top of their workspace role: it adds its
 * conversation permissions on that team's conversations (auth/access.ts). Deleted with the team
 * membership. role is a built-in name or 'custom' with role_id.
 */
export interface TeamRoleTable {
  workspace_id: string;
  team_id: string;
  user_id: string;
  role: MemberRole;
  role_id: string | null;
}

export interface SessionTable {
  id: string; // sha256 of the cookie token
  user_id: string;
  workspace_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface ApiTokenTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** Unused since migration 0016 (rate_limits took over); kept for processes of the previous version. */
export interface LoginAttemptTable {
  key: string;
  window_start: number;
  count: number;
}

/** A fixed-window counter (rate-limit/window-counter.ts); the key names the limit and who it counts. */
export interface RateLimitTable {
  key: string;
  window_start: number;
  count: number;
  /** window_start + the window's length: when the row may be purged. */
  expires_at: number;
}

/** A pending request for an existing account to join a workspace; deleted when answered. */
export interface InvitationTable {
  id: string;
  workspace_id: string;
  user_id: string;
  role: Role;
  invited_by: string;
  created_at: number;
  expires_at: number;
}
