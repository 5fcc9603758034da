import type { App } from '../../app.js';
import { journalDelivery } from '../../intake/journal.js';
import type { SiteChannel } from './load-site-channel.js';
import type { SiteJournalBody } from './parse.js';

/**
 * A visitor's message enters Hearken the way every network's does: written to the journal and
 * processed by the intake worker, so dedupe (a retried POST carries the same client id),
 * threading, contacts, enrichment and events are the same as for any other channel.
 */
export async function postVisitorMessage(app: App, ch: SiteChannel, visitorId: string, input: { clientId: string; text: string }) {
  const now = app.now();
  const id = `${visitorId}:${input.clientId}`;
  const body: SiteJournalBody = { events: [{ type: 'message', id, visitorId, text: input.text, ts: now }] };
  const journalId = await journalDelivery(app.store.db, {
    workspaceId: ch.row.workspace_id,
    channelId: ch.row.id,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    receivedAt: now,
  });
  app.bus.poke('__journal__');
  return { id, journalId };
}
