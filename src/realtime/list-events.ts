import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { requirePermission } from '../auth/roles.js';
import { horizonOf } from '../events/horizon.js';
import { readEventPage, type EventView } from './read-events.js';

export interface ListEventsInput {
  after: number;
  limit: number;
  types?: string[];
}

export interface EventPage {
  events: EventView[];
  /** Pass as `after` next time. Past the last event when the page is full, else the safe horizon. */
  nextCursor: number;
  hasMore: boolean;
}

/**
 * A page of the caller's workspace log for clients that poll. When the page is not full the
 * cursor moves to the safe horizon, so a filtered or quiet poller does not rescan the same range;
 * it never moves past an id that could still commit (see events/horizon.ts).
 */
export async function listEvents(app: App, principal: Principal, input: ListEventsInput): Promise<EventPage> {
  requirePermission(principal, 'conversations.view');
  const { safe } = await horizonOf(app.store).read();
  const { events, upTo } = await readEventPage(app.store.db, {
    workspaceId: principal.workspaceId,
    after: input.after,
    upTo: safe,
    limit: input.limit,
    types: input.types,
  });
  const hasMore = events.length === input.limit;
  return { events, nextCursor: Math.max(input.after, upTo), hasMore };
}
