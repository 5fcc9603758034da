import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import { appendAccountEvent } from './account-events.js';
import type { Principal } from './principal.js';

export interface SessionListItem {
  /** An opaque id for signing this session out (not the cookie: that is never stored). */
  id: string;
  workspace: { id: string; name: string };
  userAgent: string | null;
  ip: string | null;
  createdAt: number;
  lastSeenAt: number | null;
  current: boolean;
}

// The row id is the sha256 of the cookie; only its first half is shown, which is still unique
// enough to name a session and says nothing more about the cookie.
const publicId = (rowId: string) => rowId.slice(0, 32);

/** The caller's open browser sessions, in every workspace, newest activity first. */
export async function listSessions(app: App, principal: Principal): Promise<SessionListItem[]> {
  const rows = await app.store.db
    .selectFrom('sessions')
    .innerJoin('workspaces', 'workspaces.id', 'sessions.workspace_id')
    .select([
      'sessions.id',
      'sessions.user_agent',
      'sessions.ip',
      'sessions.created_at',
      'sessions.last_seen_at',
      'workspaces.id as ws_id',
      'workspaces.name as ws_name',
    ])
    .where('sessions.user_id', '=', principal.userId)
    .where('sessions.expires_at', '>', app.now())
    .execute();
  return rows
    .map((r) => ({
      id: publicId(r.id),
      workspace: { id: r.ws_id, name: r.ws_name },
      userAgent: r.user_agent,
      ip: r.ip,
      createdAt: Number(r.created_at),
      lastSeenAt: r.last_seen_at === null ? null : Number(r.last_seen_at),
      current: r.id === principal.sessionId,
    }))
    .sort((a, b) => (b.lastSeenAt ?? b.createdAt) - (a.lastSeenAt ?? a.createdAt));
}

/** Signs one of the caller's sessions out (another person's id answers 404). */
export async function revokeSession(app: App, principal: Principal, id: string): Promise<void> {
  if (!/^[0-9a-f]{32}$/.test(id)) throw notFound('session');
  const db = app.store.db;
  const now = app.now();
  await db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom('sessions').where('user_id', '=', principal.userId).where('id', 'like', `${id}%`).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('session');
    await appendAccountEvent(
      tx,
      principal.userId,
      'account.sessions_revoked',
      { userId: principal.userId, count: Number(r.numDeletedRows), allOthers: false },
      now,
    );
  });
  app.bus.poke(principal.workspaceId);
}

/** "Sign out everywhere else": every session of the caller but this one. Answers how many ended. */
export async function revokeOtherSessions(app: App, principal: Principal): Promise<number> {
  const db = app.store.db;
  const now = app.now();
  const n = await db.transaction().execute(async (tx) => {
    let q = tx.deleteFrom('sessions').where('user_id', '=', principal.userId);
    if (principal.sessionId) q = q.where('id', '!=', principal.sessionId);
    const count = Number((await q.executeTakeFirst()).numDeletedRows);
    if (count > 0) await appendAccountEvent(tx, principal.userId, 'account.sessions_revoked', { userId: principal.userId, count, allOthers: true }, now);
    return count;
  });
  app.bus.poke(principal.workspaceId);
  return n;
}
