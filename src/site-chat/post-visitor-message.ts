import type { JournalContext } from '../channels/contract/context.js';
import type { SiteChannel } from './load-site-channel.js';
import type { SiteJournalBody } from '../channels/site/parse.js';

/**
 * A visitor's message enters Hearken the way every network's does: written to the journal and
 * processed by the intake worker, so dedupe (a retried POST carries the same client id),
 * threading, contacts, enrichment and events are the same as for any other channel.
 */
export async function postVisitorMessage(ctx: JournalContext, ch: SiteChannel, visitorId: string, input: { clientId: string; text: string }) {
  const now = ctx.now();
  const id = `${visitorId}:${input.clientId}`;
  const body: SiteJournalBody = { events: [{ type: 'message', id, visitorId, text: input.text, ts: now }] };
  const journalId = await ctx.journal(ctx.db, {
    workspaceId: ch.row.workspace_id,
    channelId: ch.row.id,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    receivedAt: now,
  });
  ctx.wakeIntake();
  return { id, journalId };
}
