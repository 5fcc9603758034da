import type { EventBus } from '../events/bus.js';

export type PresenceState = 'viewing' | 'typing';
export interface Viewer {
  userId: string;
  name: string;
  state: PresenceState;
}

/** A viewer that stops sending heartbeats disappears after this (a closed laptop, a lost tab). */
export const PRESENCE_TTL_MS = 30_000;

interface Entry extends Viewer {
  until: number;
}
interface Update {
  workspaceId: string;
  conversationId: string;
  userId: string;
  name: string;
  state: PresenceState | 'left';
  until: number;
}

/**
 * Who is looking at or typing in a conversation: collision detection. Kept in memory (it is
 * worthless a minute later, so it has no place in the event log) and shared between nodes
 * through the bus; every node applies every update, so each can answer on its own.
 */
export class PresenceRegistry {
  private byConversation = new Map<string, Map<string, Entry>>();

  constructor(
    private bus: EventBus,
    private now: () => number,
  ) {
    // Every update, this node's or another's, arrives here (the bus delivers locally at once).
    bus.on('presence-sync', (p) => {
      const u = p as Update;
      this.apply(u);
      this.broadcast(u.workspaceId, u.conversationId);
    });
  }

  /** Records the caller's state; returns the OTHER people present. */
  update(u: Omit<Update, 'until'>): Viewer[] {
    this.bus.publish('presence-sync', { ...u, until: this.now() + PRESENCE_TTL_MS } satisfies Update);
    return this.viewers(u.conversationId, u.userId);
  }

  viewers(conversationId: string, exceptUserId?: string): Viewer[] {
    const m = this.byConversation.get(conversationId);
    if (!m) return [];
    const now = this.now();
    const out: Viewer[] = [];
    for (const [id, e] of m) {
      if (e.until < now) m.delete(id);
      else if (id !== exceptUserId) out.push({ userId: e.userId, name: e.name, state: e.state });
    }
    if (!m.size) this.byConversation.delete(conversationId);
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  private apply(u: Update) {
    let m = this.byConversation.get(u.conversationId);
    if (u.state === 'left') {
      m?.delete(u.userId);
      return;
    }
    if (!m) this.byConversation.set(u.conversationId, (m = new Map()));
    m.set(u.userId, { userId: u.userId, name: u.name, state: u.state, until: u.until });
  }

  /** Streams of this node get the full list; each client leaves itself out. */
  private broadcast(workspaceId: string, conversationId: string) {
    this.bus.emitLocal(`presence:${workspaceId}`, { conversationId, viewers: this.viewers(conversationId) });
  }
}
