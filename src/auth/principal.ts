import type { Access } from './access.js';

/**
 * Who is acting: a member of one workspace, signed in by a session or an API token, with what
 * their roles allow (auth/access.ts), resolved once per request. The HTTP layer establishes it
 * (http/auth-middleware.ts); commands take it to scope and authorize.
 */
export interface Principal extends Access {
  userId: string;
  workspaceId: string;
  via: 'session' | 'token';
  sessionId?: string;
}
