import { sql, type Kysely } from 'kysely';
import type { App } from '../app.js';
import { invalid } from '../lib/errors.js';
import type { ConversationTable, DB } from '../store/schema.js';
import { explainMatches } from '../search/conversation-matches.js';
import { presentConversation } from './present.js';
import { queueSla } from '../sla/conversation-sla.js';
import { filterConversations, type QueueFilter } from './queue-filter.js';

export interface ListFilter extends QueueFilter {
  sort: 'newest' | 'oldest_waiting' | 'priority' | 'sla_due';
  limit: number;
  cursor?: string;
}

const NOT_WAITING = Number.MAX_SAFE_INTEGER;

interface Cursor {
  k: number[];
  id: string;
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (Array.isArray(c.k) && c.k.every((n: unknown) => typeof n === 'number') && typeof c.id === 'string') return c;
  } catch {
    /* fall through */
  }
  throw invalid('cursor', 'is not a cursor this endpoint returned');
}

/**
 * The queue: filters, three sorts, and keyset pagination (stable under inserts, fast at any depth).
 * Each page also carries what a queue row shows: contact, channel, tags and the last message.
 */
export async function listConversations(app: App, f: ListFilter) {
  const db = app.store.db;
  const filtered = await filterConversations(app, f);
  if (!filtered) return { conversations: [], nextCursor: null };
  let q = filtered;

  const waitKey = sql<number>`coalesce(waiting_since, ${sql.lit(NOT_WAITING)})`;
  const c = f.cursor ? decodeCursor(f.cursor) : undefined;
  if (f.sort === 'newest') {
    if (c) q = q.where((eb) => eb.or([eb('last_message_at', '<', c.k[0]), eb.and([eb('last_message_at', '=', c.k[0]), eb('id', '<', c.id)])]));
    q = q.orderBy('last_message_at', 'desc').orderBy('id', 'desc');
  } else if (f.sort === 'sla_due') {
    // Nearest SLA due time first (breached ones, due in the past, lead); no running clock last.
    const slaKey = sql<number>`coalesce(sla_due_at, ${sql.lit(NOT_WAITING)})`;
    if (c) q = q.where((eb) => eb.or([eb(slaKey, '>', c.k[0]), eb.and([eb(slaKey, '=', c.k[0]), eb('id', '>', c.id)])]));
    q = q.orderBy(slaKey, 'asc').orderBy('id', 'asc');
  } else if (f.sort === 'oldest_waiting') {
    if (c) q = q.where((eb) => eb.or([eb(waitKey, '>', c.k[0]), eb.and([eb(waitKey, '=', c.k[0]), eb('id', '>', c.id)])]));
    q = q.orderBy(waitKey, 'asc').orderBy('id', 'asc');
  } else {
    // Level, then the computed score within a level (migration 0027's conv_priority_ix), then newest.
    if (c) {
      // A cursor from before the score was part of the order cannot continue this one.
      if (c.k.length < 3) throw invalid('cursor', 'is not a cursor this endpoint returned');
      const [p, s, t] = c.k;
      q = q.where((eb) =>
        eb.or([
          eb('priority', '<', p!),
          eb.and([eb('priority', '=', p!), eb('priority_score', '<', s!)]),
          eb.and([eb('priority', '=', p!), eb('priority_score', '=', s!), eb('last_message_at', '<', t!)]),
          eb.and([eb('priority', '=', p!), eb('priority_score', '=', s!), eb('last_message_at', '=', t!), eb('id', '<', c.id)]),
        ]),
      );
    }
    q = q.orderBy('priority', 'desc').orderBy('priority_score', 'desc').orderBy('last_message_at', 'desc').orderBy('id', 'desc');
  }
  const rows = await q.limit(f.limit + 1).execute();
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > f.limit && last
      ? encodeCursor({
          id: last.id,
          k:
            f.sort === 'newest'
              ? [last.last_message_at]
              : f.sort === 'oldest_waiting'
                ? [last.waiting_since ?? NOT_WAITING]
                : f.sort === 'sla_due'
                  ? [last.sla_due_at ?? NOT_WAITING]
                  : [last.priority, last.priority_score ?? 0, last.last_message_at],
        })
      : null;
  const rowsOut = await decorate(db, page, app.now());
  if (!f.q) return { conversations: rowsOut, nextCursor };
  // A text search says what matched in each row: a message, or the customer's name, e-mail, phone or handle.
  const matches = await explainMatches(app.store, f.workspaceId, f.q, page);
  return { conversations: rowsOut.map((r) => ({ ...r, match: matches.get(r.id) ?? null })), nextCursor };
}

/** Adds contact, channel, tags, last-message preview and waiting held replies to a page of conversations (a few IN queries). */
export async function decorate(db: Kysely<DB>, page: ConversationTable[], now = Date.now()) {
  if (!page.length) return [];
  const ids = page.map((c) => c.id);
  const [contacts, channels, tags, previews, held] = await Promise.all([
    db
      .selectFrom('contacts')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(page.map((c) => c.contact_id))])
      .execute(),
    db
      .selectFrom('channels')
      .select(['id', 'name', 'type'])
      .where('id', 'in', [...new Set(page.map((c) => c.channel_id))])
      .execute(),
    db.selectFrom('conversation_tags').select(['conversation_id', 'tag']).where('conversation_id', 'in', ids).execute(),
    Promise.all(
      page.map((c) =>
        db
          .selectFrom('messages')
          .select(['conversation_id', 'body', 'direction', 'author_kind', 'created_at', 'deleted_at'])
          .where('conversation_id', '=', c.id)
          .where('direction', 'in', ['in', 'out'])
          .orderBy('created_at', 'desc')
          .limit(1)
          .executeTakeFirst(),
      ),
    ),
    // Replies waiting in held_replies (held-replies/): proposed for approval, or scheduled.
    db
      .selectFrom('held_replies')
      .select((eb) => ['conversation_id', 'status', eb.fn.countAll<number>().as('n')])
      .where('conversation_id', 'in', ids)
      .where('status', 'in', ['proposed', 'scheduled'])
      .groupBy(['conversation_id', 'status'])
      .execute(),
  ]);
  const contactBy = new Map(contacts.map((x) => [x.id, x]));
  // The nearest running SLA clock of each row: time left, or breached (src/sla).
  const slaBy = await queueSla(db, ids, now);
  const channelBy = new Map(channels.map((x) => [x.id, x]));
  return page.map((c, i) => {
    const p = previews[i];
    return presentConversation(c, {
      sla: slaBy.get(c.id) ?? null,
      contact: { id: c.contact_id, name: contactBy.get(c.contact_id)?.name ?? null },
      channel: channelBy.get(c.channel_id) ?? null,
      held: {
        proposed: Number(held.find((h) => h.conversation_id === c.id && h.status === 'proposed')?.n ?? 0),
        scheduled: Number(held.find((h) => h.conversation_id === c.id && h.status === 'scheduled')?.n ?? 0),
      },
      tags: tags
        .filter((t) => t.conversation_id === c.id)
        .map((t) => t.tag)
        .sort(),
      lastMessage: p
        ? {
            body: p.deleted_at !== null ? '' : p.body.slice(0, 200),
            // The row says so in words (web i18n), rather than an empty "(no text)".
            deleted: p.deleted_at !== null,
            direction: p.direction,
            authorKind: p.author_kind,
            createdAt: new Date(p.created_at).toISOString(),
          }
        : null,
    });
  });
}
