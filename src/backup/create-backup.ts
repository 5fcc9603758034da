import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/index.js';
import { AppError } from '../lib/errors.js';
import { FORMAT, FORMAT_VERSION, KEY_ENTRY, MANIFEST, MEDIA_PREFIX, type Manifest, databaseEntry } from './manifest.js';
import { dumpPostgres, postgresMigrations } from './postgres-dump.js';
import { snapshotSqlite } from './sqlite-snapshot.js';
import { type TarSource, writeTarGz } from './tar.js';

export interface BackupSummary {
  file: string;
  bytes: number;
  dialect: 'sqlite' | 'postgres';
  mediaFiles: number;
}

/**
 * Writes one archive (manifest.ts describes it) with the database, the secret key and the media
 * store, while Hearken keeps running. The database is copied first and the media after: media
 * files are content-addressed and written before any row names them, and never rewritten, so
 * every file the copied rows refer to is already on disk when the media folder is walked.
 * The archive therefore holds the key that unseals every channel secret: it is as secret as the
 * key itself.
 */
export async function createBackup(config: Pick<Config, 'db' | 'secretKey' | 'media'>, file: string, now = Date.now()): Promise<BackupSummary> {
  const target = path.resolve(file);
  if (await exists(target)) throw new AppError('conflict', `${target} exists already: choose a new file name (a backup never overwrites one)`);
  const staging = `${target}.staging-${randomBytes(4).toString('hex')}`;
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    const dialect = config.db.kind;
    const dbFile = path.join(staging, dialect === 'sqlite' ? 'hearken.db' : 'hearken.pgdump');
    let migrations: string[];
    let database: Manifest['database'];
    if (config.db.kind === 'sqlite') {
      const snap = await snapshotSqlite(config.db.file, dbFile);
      if (!snap.ok) throw new Error(`the database copy failed its integrity check: ${snap.problems.join('; ')}`);
      migrations = snap.migrations;
      database = { dialect: 'sqlite' };
    } else {
      const schema = config.db.schema ?? 'public';
      migrations = await postgresMigrations(config.db.url, schema);
      await dumpPostgres(config.db.url, schema, dbFile);
      database = { dialect: 'postgres', schema };
    }
    const media = await listMedia(config.media.dir);
    async function* sources(): AsyncGenerator<TarSource> {
      yield { name: databaseEntry(dialect), file: dbFile };
      yield { name: KEY_ENTRY, bytes: Buffer.from(config.secretKey.toString('hex')) };
      for (const rel of media) yield { name: `${MEDIA_PREFIX}${rel}`, file: path.join(config.media.dir, rel), optional: true };
    }
    const sums = await writeTarGz(target, sources(), (sums) => {
      const manifest: Manifest = {
        format: FORMAT,
        formatVersion: FORMAT_VERSION,
        createdAt: new Date(now).toISOString(),
        database,
        migrations,
        files: Object.fromEntries(sums),
      };
      return [{ name: MANIFEST, bytes: Buffer.from(JSON.stringify(manifest, null, 2)) }];
    });
    return {
      file: target,
      bytes: (await stat(target)).size,
      dialect,
      mediaFiles: [...sums.keys()].filter((n) => n.startsWith(MEDIA_PREFIX) && !n.endsWith('.json')).length,
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Every stored file under the media folder (`ab/<key>` and `ab/<key>.json`), leaving out half-written temporaries. */
async function listMedia(dir: string): Promise<string[]> {
  const out: string[] = [];
  let shards: string[];
  try {
    shards = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name)).map((d) => d.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  for (const shard of shards.sort()) {
    for (const f of (await readdir(path.join(dir, shard), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (f.isFile() && /^[0-9a-f]{64}(\.json)?$/.test(f.name)) out.push(`${shard}/${f.name}`);
    }
  }
  return out;
}

async function exists(p: string) {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
