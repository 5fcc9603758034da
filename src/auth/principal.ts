import type { Role } from '../store/schema.js';

/**
 * Who is acting: a member of one workspace, signed in by a session or an API token. The HTTP
 * layer establishes it (http/auth-middleware.ts); commands take it to scope and authorize.
 */
export interface Principal {
  userId: string;
  workspaceId: string;
  role: Role;
  via: 'session' | 'token';
  sessionId?: string;
}
