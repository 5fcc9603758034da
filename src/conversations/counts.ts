import type { App } from '../app.js';
import { inFolder } from './out-of-queue.js';

/**
 * Open conversations per queue view: what the sidebar shows beside each view's name. Spam and
 * removed conversations are not in the queue (out-of-queue.ts): their folders count them apart,
 * whatever their status.
 */
export async function countOpen(app: App, input: { workspaceId: string; userId: string }) {
  const base = () => app.store.db.selectFrom('conversations').where('workspace_id', '=', input.workspaceId);
  const open = () =>
    base()
      .where('status', '=', 'open')
      .where((eb) => inFolder(eb));
  const folder = (f: 'spam' | 'removed') =>
    base()
      .where((eb) => inFolder(eb, f))
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
  const [spam, removed, mine, unassigned, all, byTeam, byChannel, byKind, needsReply] = await Promise.all([
    folder('spam'),
    folder('removed'),
    open()
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('assignee_id', '=', input.userId)
      .executeTakeFirstOrThrow(),
    open()
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('assignee_id', 'is', null)
      .executeTakeFirstOrThrow(),
    open()
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    open()
      .select((e) => ['team_id', e.fn.countAll<number>().as('n')])
      .where('team_id', 'is not', null)
      .groupBy('team_id')
      .execute(),
    open()
      .select((e) => ['channel_id', e.fn.countAll<number>().as('n')])
      .groupBy('channel_id')
      .execute(),
    open()
      .select((e) => ['kind', e.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .execute(),
    // The built-in "Needs a reply" view (queue-filter.ts: needsReply=true), off conv_needs_reply_ix.
    open()
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('needs_reply', '=', 1)
      .where('waiting_since', 'is not', null)
      .executeTakeFirstOrThrow(),
  ]);
  // PostgreSQL returns count(*) as a bigint string; SQLite as a number.
  const group = <K extends string>(rows: Array<Record<K, string | null> & { n: number }>, key: K) => Object.fromEntries(rows.map((r) => [r[key], Number(r.n)]));
  return {
    open: {
      mine: Number(mine.n),
      unassigned: Number(unassigned.n),
      all: Number(all.n),
      needsReply: Number(needsReply.n),
      byTeam: group(byTeam, 'team_id'),
      byChannel: group(byChannel, 'channel_id'),
      byKind: group(byKind, 'kind'),
    },
    folders: { spam: Number(spam.n), removed: Number(removed.n) },
  };
}
