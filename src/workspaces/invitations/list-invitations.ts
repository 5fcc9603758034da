import type { App } from '../../app.js';
import type { Principal } from '../../auth/principal.js';
import { type InvitationView, loadInvitations } from './invitation-view.js';

/** The workspace's pending invitations (admins: the route checks the role). */
export function listInvitations(app: App, actor: Principal): Promise<InvitationView[]> {
  return loadInvitations(app.store.db, app.now(), { workspaceId: actor.workspaceId });
}
