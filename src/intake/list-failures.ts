import type { App } from '../app.js';

/** Deliveries that could not be understood, with the reason — for admins to read, fix and replay. */
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
  return rows.map((r) => ({
    id: Number(r.id),
    channelId: r.channel_id,
    receivedAt: new Date(r.received_at).toISOString(),
    error: r.error,
    attempts: r.attempts,
    // The raw payload, as text: it is untrusted and must be displayed as text only.
    body: r.body.length > 20_000 ? `${r.body.slice(0, 20_000)}…` : r.body,
    headers: JSON.parse(r.headers),
  }));
}
