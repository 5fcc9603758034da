import { type App, createApp } from '../app.js';
import { loadConfig } from '../config/index.js';
import { setLogLevel } from '../lib/log.js';
import { defaultSenders } from '../outbox/default-senders.js';
import { migrate, openStore } from '../store/db.js';

/**
 * The one way a CLI command gets an app: the configured database (migrated), demo traffic off,
 * quiet logs, and the store closed when the command ends, whatever happens.
 */
export async function withCliApp<T>(fn: (app: App) => Promise<T>, env: Record<string, string | undefined> = process.env): Promise<T> {
  const config = loadConfig({ ...env, HEARKEN_DEMO: 'false' });
  setLogLevel('warn');
  const store = openStore(config.db);
  try {
    await migrate(store);
    return await fn(createApp(config, store, defaultSenders()));
  } finally {
    await store.close();
  }
}
