import type { App } from '../app.js';
import { resolveContact } from '../contacts/resolve-contact.js';
import { newId } from '../lib/ids.js';
import type { SiteChannel } from './load-site-channel.js';
import { newVisitorId, signVisitorToken, verifyVisitorToken } from './visitor-token.js';

/**
 * Starts a visitor session, or resumes one from the token the widget kept in localStorage (a
 * token that is forged, expired or from before a secret rotation starts a new visitor instead
 * of failing: the visitor just gets a fresh chat). The token is re-issued each time, so a
 * visitor who comes back keeps their conversation indefinitely.
 *
 * The pre-chat form's name and email are attached to the visitor's contact: the email becomes an
 * "email" identity, so a later email from that address lands on the same person — unless that
 * address already belongs to another contact, which is never merged on a visitor's word
 * (the address is unverified); it then stays the site identity's handle for agents to see.
 */
export async function startVisitorSession(app: App, ch: SiteChannel, input: { token?: string; name?: string; email?: string }) {
  const now = app.now();
  const secret = ch.secrets.visitorTokenSecret ?? '';
  const claims = input.token ? verifyVisitorToken(secret, input.token, ch.row.id, now) : null;
  const visitorId = claims?.visitorId ?? newVisitorId();
  if (input.name || input.email) await attachVisitorDetails(app, ch, visitorId, { name: input.name, email: input.email?.toLowerCase() });
  return { token: signVisitorToken(secret, { channelId: ch.row.id, visitorId, issuedAt: now }), visitorId, resumed: !!claims };
}

async function attachVisitorDetails(app: App, ch: SiteChannel, visitorId: string, d: { name?: string; email?: string }) {
  const now = app.now();
  const workspaceId = ch.row.workspace_id;
  await app.store.db.transaction().execute(async (tx) => {
    const contactId = await resolveContact(tx, { workspaceId, network: 'site', externalId: visitorId, name: d.name, handle: d.email, now });
    if (!d.email) return;
    const taken = await tx
      .selectFrom('identities')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('network', '=', 'email')
      .where('external_id', '=', d.email)
      .executeTakeFirst();
    if (!taken) {
      await tx
        .insertInto('identities')
        .values({ id: newId(now), workspace_id: workspaceId, contact_id: contactId, network: 'email', external_id: d.email, handle: d.email, created_at: now })
        .execute();
    }
  });
}
