import type { App } from '../app.js';

/** Drops expired sessions and stale login counters; both would otherwise grow forever. */
export async function purgeExpired(app: App): Promise<void> {
  const now = app.now();
  await app.store.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  const windowMs = app.config.loginWindowSeconds * 1000;
  await app.store.db.deleteFrom('login_attempts').where('window_start', '<', now - 2 * windowMs).execute();
}
