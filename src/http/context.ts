import type { Role } from '../store/schema.js';
import type { App } from '../app.js';

/** Who is calling: set by auth middleware (http/auth-middleware.ts) on every /api route. */
export interface Principal {
  userId: string;
  workspaceId: string;
  role: Role;
  via: 'session' | 'token';
  sessionId?: string;
}

export interface HonoEnv {
  Variables: {
    app: App;
    requestId: string;
    principal: Principal;
  };
}
