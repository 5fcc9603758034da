import type { App } from '../../app.js';
import type { Principal } from '../../auth/principal.js';
import { type InvitationView, loadInvitations } from './invitation-view.js';

/** Invitations waiting for the signed-in person, from any workspace. */
export function listMyInvitations(app: App, principal: Principal): Promise<InvitationView[]> {
  return loadInvitations(app.store.db, app.now(), { userId: principal.userId });
}
