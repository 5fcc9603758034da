import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBackup } from '../backup/create-backup.js';
import { engineName } from '../backup/manifest.js';
import { restoreBackup } from '../backup/restore-backup.js';
import { loadConfig } from '../config/index.js';
import { AppError } from '../lib/errors.js';
import { withCliApp } from './with-app.js';

export const BACKUP_HELP = `  npm run cli -- backup FILE                                  an online backup: database, secret key and media in one archive (.tar.gz)
  npm run cli -- restore FILE [--force]                       put a backup back (Hearken stopped; --force replaces what is there)`;

type Env = Record<string, string | undefined>;

/** A valid key that is never used: loadConfig would otherwise generate a key file in the data dir before the restore writes the archive's. */
const UNUSED_KEY = '0'.repeat(64);

/** `backup FILE` and `restore FILE [--force]`; 0 on success, 1 when refused or failed (with the reason), 2 on a usage error. */
export async function runBackupCli(command: 'backup' | 'restore', args: string[], out: (line: string) => void, env: Env = process.env): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { force: { type: 'boolean', default: false } } });
  if (positionals.length !== 1 || (command === 'backup' && values.force)) {
    out(`usage:\n${BACKUP_HELP}`);
    return 2;
  }
  // npm runs scripts from the package folder; a relative FILE means where the operator typed it.
  const file = path.resolve(env.INIT_CWD ?? process.cwd(), positionals[0]);
  try {
    if (command === 'backup') {
      const s = await withCliApp((app) => createBackup(app.config, file), env);
      out(`backup written to ${s.file} (${s.bytes} bytes: ${engineName(s.dialect)} database, secret key, ${s.mediaFiles} media files)`);
      out('it holds the key that unseals every channel secret: store it as carefully as the key itself');
      return 0;
    }
    const config = loadConfig({ ...env, HEARKEN_DEMO: 'false', HEARKEN_SECRET_KEY: env.HEARKEN_SECRET_KEY || UNUSED_KEY });
    const s = await restoreBackup(
      file,
      { dataDir: config.dataDir, db: config.db, mediaDir: config.media.dir, configuredKey: env.HEARKEN_SECRET_KEY ? config.secretKey : null },
      { force: values.force },
    );
    out(`restored the backup of ${s.createdAt}: ${engineName(s.dialect)} database, ${s.mediaFiles} media files`);
    out(s.keyFile ? `secret key written to ${s.keyFile}` : 'HEARKEN_SECRET_KEY matches the backup’s key');
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    out(`${command} failed: ${err.message}`);
    return 1;
  }
}
