import type { App } from '../app.js';
import { failedEventsOf } from './event-failures.js';

/**
 * Deliveries that could not be understood, or some of whose events could not be stored, with the
 * reason — for admins to read, fix and replay. A delivery whose other events were stored lists
 * the failed ones in `failedEvents` (their index in the delivery, reason, tries and the event as
 * intake understood it); a replay retries only those.
 */
export async function listIntakeFailures(app: App, input: { workspaceId: string; limit: number; before?: number }) {
  let q = app.store.db
    .selectFrom('journal')
    .select(['id', 'channel_id', 'received_at', 'error', 'attempts', 'body', 'headers'])
    .where('workspace_id', '=', input.workspaceId)
    .where('status', '=', 'failed')
    .orderBy('id', 'desc')
    .limit(input.limit);
  if (input.before) q = q.where('id', '<', input.before);
  const rows = await q.execute();
  const events = await failedEventsOf(
    app.store.db,
    input.workspaceId,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    channelId: r.channel_id,
    receivedAt: new Date(r.received_at).toISOString(),
    error: r.error,
    attempts: r.attempts,
    // The raw payload, as text: it is untrusted and must be displayed as text only.
    body: r.body.length > 20_000 ? `${r.body.slice(0, 20_000)}…` : r.body,
    headers: JSON.parse(r.headers),
    // Untrusted too: display as text only.
    failedEvents: events
      .filter((e) => Number(e.journal_id) === Number(r.id))
      .map((e) => ({ index: e.event_index, error: e.error, attempts: e.attempts, event: e.event })),
  }));
}
