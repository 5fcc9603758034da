import type { Generated } from 'kysely';

// Workspaces, people and sign-in: row types (see ../schema.ts for the conventions every table follows).

export type Role = 'owner' | 'admin' | 'agent' | 'viewer';

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: number;
  /** Language for customer-facing texts when a conversation's is unknown (migration 0018); null = English. */
  default_language?: string | null;
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
  role: Role;
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
