import type { App } from '../app.js';
import { purgeCounters } from '../rate-limit/window-counter.js';

/** Finished jobs are kept this long (for looking into what ran), then dropped. */
export const DONE_JOB_RETENTION_MS = 7 * 24 * 3600_000;

/**
 * Drops expired sessions, ended rate-limit windows, expired invitations, sign-in challenges and reset
 * links, and jobs finished more than
 * a week ago; they would otherwise grow forever (intake alone adds a job per delivery when SLAs or
 * auto-replies are on). Failed and needs-human jobs stay: they are what an admin has to look at.
 */
export async function purgeExpired(app: App): Promise<void> {
  const now = app.now();
  await app.store.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  await purgeCounters(app.store.db, now);
  await app.store.db.deleteFrom('invitations').where('expires_at', '<', now).execute();
  // Sign-in challenges and reset links are useless once expired. E-mail invitations are kept a
  // month past their end, so "Pending" and the audit log can still be explained.
  await app.store.db.deleteFrom('login_challenges').where('expires_at', '<', now).execute();
  await app.store.db.deleteFrom('password_resets').where('expires_at', '<', now).execute();
  await app.store.db
    .deleteFrom('invite_links')
    .where('expires_at', '<', now - 30 * 86_400_000)
    .execute();
  await app.store.db
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('updated_at', '<', now - DONE_JOB_RETENTION_MS)
    .execute();
}
