import { createHash } from 'node:crypto';
import type { App } from '../app.js';
import type { SiteChannel } from './load-site-channel.js';

/** The newest messages a visitor sees (older ones are in the agents' inbox, not the widget). */
const VISIBLE = 100;

export interface VisitorMessage {
  id: string;
  from: 'visitor' | 'agent';
  text: string;
  at: number;
  /** The widget's own id for a visitor message (matches its optimistic copy). */
  clientId?: string;
  /** Agent replies: the agent's first name, when a person wrote it. */
  author?: string;
  status?: 'sent' | 'delivered' | 'read';
}

/** The thread key intake gives a visitor's chat (intake/threading.ts: one per channel and customer). */
export const visitorThreadKey = (channelId: string, visitorId: string) => `${channelId}:dm:${visitorId}`;

/**
 * What the visitor's widget shows: their own messages once intake stored them, and agent replies
 * only once the outbox has sent them (so nothing reaches the visitor but through the outbox).
 * Notes and activity never leave the inbox. `version` changes whenever anything shown changes,
 * which is what the long poll waits on.
 */
export async function visitorMessages(app: App, ch: SiteChannel, visitorId: string) {
  const db = app.store.db;
  const convs = await db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', ch.row.workspace_id)
    .where('thread_key', '=', visitorThreadKey(ch.row.id, visitorId))
    .execute();
  const ids = convs.map((c) => c.id);
  const rows = ids.length
    ? await db
        .selectFrom('messages')
        .leftJoin('users', 'users.id', 'messages.author_user_id')
        .select([
          'messages.id',
          'messages.direction',
          'messages.body',
          'messages.created_at',
          'messages.external_id',
          'messages.delivery_status',
          'messages.author_kind',
          'users.name as authorName',
        ])
        .where('messages.workspace_id', '=', ch.row.workspace_id)
        .where('messages.conversation_id', 'in', ids)
        .where('messages.deleted_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('messages.direction', '=', 'in'),
            eb.and([eb('messages.direction', '=', 'out'), eb('messages.delivery_status', 'in', ['sent', 'delivered', 'read'])]),
          ]),
        )
        .orderBy('messages.created_at', 'desc')
        .orderBy('messages.id', 'desc')
        .limit(VISIBLE)
        .execute()
    : [];
  const messages: VisitorMessage[] = rows.reverse().map((r) =>
    r.direction === 'in'
      ? { id: r.id, from: 'visitor', text: r.body, at: r.created_at, clientId: r.external_id?.slice(visitorId.length + 1) }
      : {
          id: r.id,
          from: 'agent',
          text: r.body,
          at: r.created_at,
          status: r.delivery_status as 'sent' | 'delivered' | 'read',
          ...(r.author_kind === 'human' && r.authorName ? { author: r.authorName.split(/\s+/)[0] } : {}),
        },
  );
  const agentTyping = ids.some((id) => app.presence.viewers(id).some((v) => v.state === 'typing' && !v.userId.startsWith('visitor:')));
  const version = createHash('sha1')
    .update(JSON.stringify([messages.map((m) => [m.id, m.status]), agentTyping]))
    .digest('base64url')
    .slice(0, 16);
  return { messages, agentTyping, version, conversationIds: ids };
}

/**
 * Long poll: answers at once when the visitor's view differs from `since`, else waits for a
 * wake-up (an event in the workspace, an agent typing) or `waitMs`. Wake-ups only prompt a
 * re-read, so a lost one costs at most the 2-second safety poll (other nodes, missed NOTIFY).
 */
export async function waitForVisitorMessages(app: App, ch: SiteChannel, visitorId: string, since: string | undefined, waitMs: number, signal?: AbortSignal) {
  const until = app.now() + waitMs;
  for (;;) {
    const view = await visitorMessages(app, ch, visitorId);
    if (view.version !== since || waitMs <= 0 || app.now() >= until || signal?.aborted) return view;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        offPresence();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(2000, until - app.now())));
      const off = app.bus.subscribe(ch.row.workspace_id, done);
      const offPresence = app.bus.on(`presence:${ch.row.workspace_id}`, done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
