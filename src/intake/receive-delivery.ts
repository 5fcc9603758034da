import { isJson } from './parse-off-thread.js';
import type { App } from '../app.js';
import type { ChannelAdapter } from '../channels/contract/adapter.js';
import { cleanText } from '../lib/clean-text.js';
import { AppError } from '../lib/errors.js';
import { journalDelivery } from './journal.js';

/** Headers worth keeping with any delivery; a network adds the ones it signs with (adapter.deliveryHeaders). */
const ALWAYS_KEPT = ['content-type', 'x-hearken-', 'user-agent', 'x-request-id'];
const keepers = new WeakMap<ChannelAdapter, RegExp>();
/** Compiled once per adapter: this runs for every header of every delivery. */
function keeperOf(adapter: ChannelAdapter): RegExp {
  let re = keepers.get(adapter);
  if (!re) {
    const names = [...ALWAYS_KEPT, ...(adapter.deliveryHeaders ?? [])].map((h) => h.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(`^(${names.join('|')})`);
    keepers.set(adapter, re);
  }
  return re;
}

/**
 * A webhook delivery, as the receiver handles it: verify, journal, wake the processor — nothing
 * else before answering, so the network never times out on us. Parsing happens later in the
 * processor (intake/processor.ts). NUL and lone surrogates are cleaned after verifying. Throws
 * AppError (404 channel, 401 signature, 400 not JSON — kept in the journal as failed so an admin
 * can see what the network sent). Returns the journal row's id, or undefined when the delivery was
 * spooled (embedded mode: the worker makes the row). Both HTTP entries
 * call this: the Hono route (http/routes/webhooks.ts) and the server's fast path (http/webhook-fast-path.ts).
 */
export async function receiveDelivery(
  app: App,
  channelId: string,
  rawHeaders: Record<string, string | string[] | undefined>,
  rawBody: string,
): Promise<number | undefined> {
  const now = app.now();
  // The directory keeps the acknowledgement path to one write (no channel read on a hit).
  const ch = await app.channels.get(channelId);
  if (!ch) throw new AppError('not_found', 'channel not found');
  if (ch.row.status !== 'active') throw new AppError('not_found', 'channel is disabled');
  const headers: Record<string, string> = {};
  const KEEP = keeperOf(ch.adapter);
  for (const k in rawHeaders) {
    const v = rawHeaders[k];
    if (v !== undefined && KEEP.test(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  ch.adapter.verify({ headers, body: rawBody }, ch.secrets, now);
  // The signature covers the bytes as sent; what is kept is the cleaned text (lib/clean-text.ts): a
  // raw NUL would make PostgreSQL refuse the journal write, and the network would retry forever.
  const body = cleanText(rawBody);
  // A big body is checked on the parse thread: its parse would hold every other acknowledgement.
  const validJson = await isJson(body);
  const delivery = {
    workspaceId: ch.row.workspace_id,
    channelId: ch.row.id,
    headers,
    body,
    receivedAt: now,
    ...(validJson ? {} : { status: 'failed' as const, error: 'body is not valid JSON' }),
  };
  // Embedded mode with the worker on its own thread: a file append, no wait for SQLite's write lock
  // (intake/spool/writer.ts); the worker makes the journal row. Elsewhere, the journal row itself.
  const journalId = app.intakeSpool
    ? (app.intakeSpool.append({ ...delivery, status: delivery.status ?? 'pending', error: delivery.error ?? null }), undefined)
    : await journalDelivery(app.store.db, delivery);
  if (!validJson) throw new AppError('invalid_request', 'body: must be valid JSON', [{ field: '(body)', reason: 'must be valid JSON' }]);
  app.bus.poke('__journal__');
  return journalId;
}
