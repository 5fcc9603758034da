import type { Principal } from '../auth/principal.js';
import type { App } from '../app.js';

export interface HonoEnv {
  Variables: {
    app: App;
    requestId: string;
    principal: Principal;
  };
}
