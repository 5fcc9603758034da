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
  /** 1 = agents may only use managed tags (migration 0022). */
  managed_tags_only: Generated<number>;
  /** 1: every member must use two-factor sign-in (migration 0025). */
  require_two_factor: Generated<number>;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
  /** 1: the password was generated (CLI, an admin); it must be changed before anything else. */
  must_change_password: Generated<number>;
  /** The TOTP secret, sealed (lib/crypto.ts); set while enrolling and while enabled. */
  totp_secret: Generated<string | null>;
  /** When two-factor was turned on; null: off (or an enrolment not yet confirmed). */
  totp_enabled_at: Generated<number | null>;
  /** The last accepted TOTP time step: a code is accepted once. */
  totp_last_step: Generated<number | null>;
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
  user_agent: Generated<string | null>;
  ip: Generated<string | null>;
  last_seen_at: Generated<number | null>;
}

/** A one-time recovery code (sha256) for an account with two-factor. */
export interface RecoveryCodeTable {
  user_id: string;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

/** The second step of a sign-in with two-factor: id is the sha256 of the token the browser holds. */
export interface LoginChallengeTable {
  id: string;
  user_id: string;
  workspace_id: string;
  created_at: number;
  expires_at: number;
}

/** A "forgot password" link: id is the sha256 of the token in the link. */
export interface PasswordResetTable {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** An invitation by e-mail with a link, for a new or an existing account. */
export interface InviteLinkTable {
  id: string;
  workspace_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  revoked_at: number | null;
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
