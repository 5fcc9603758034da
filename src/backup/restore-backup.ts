import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DbConfig } from '../config/index.js';
import { AppError } from '../lib/errors.js';
import { knownMigrations, migrate, openStore } from '../store/db.js';
import { KEY_ENTRY, MANIFEST, MEDIA_PREFIX, checkArchive, databaseEntry } from './manifest.js';
import { countTables, restorePostgres } from './postgres-dump.js';
import { checkSqliteFile } from './sqlite-snapshot.js';
import { extractTarGz } from './tar.js';

/** Where a restore puts things: the configuration of the Hearken that will run on them. */
export interface RestoreTarget {
  dataDir: string;
  db: DbConfig;
  mediaDir: string;
  /** HEARKEN_SECRET_KEY when set (then no key file is written, and it must be the archive's key). */
  configuredKey: Buffer | null;
}

export interface RestoreSummary {
  dialect: 'sqlite' | 'postgres';
  createdAt: string;
  mediaFiles: number;
  keyFile: string | null;
}

/**
 * Puts a backup back: checks the whole archive first (manifest.ts: format, migrations,
 * checksums) in a staging folder, and only then replaces anything. It refuses to overwrite a
 * database, key or media that are already there unless `force` is given — Hearken must be
 * stopped for a restore. A backup from an older Hearken is migrated at the end.
 */
export async function restoreBackup(archive: string, target: RestoreTarget, o: { force?: boolean } = {}): Promise<RestoreSummary> {
  // The media folder is replaced whole: it must not hold the data dir or the database.
  const inside = (child: string, parent: string) => !path.relative(path.resolve(parent), path.resolve(child)).startsWith('..');
  if (inside(target.dataDir, target.mediaDir) || (target.db.kind === 'sqlite' && inside(target.db.file, target.mediaDir)))
    throw new AppError('invalid_request', `HEARKEN_MEDIA_DIR (${target.mediaDir}) must be a folder of its own, not one holding the data dir or the database`);
  const occupied = await whatIsThere(target);
  if (occupied.length && !o.force)
    throw new AppError(
      'conflict',
      `the target already holds ${occupied.join(', ')}: restore refuses to overwrite it. Stop Hearken and run again with --force to replace it, or point HEARKEN_DATA_DIR / the database elsewhere.`,
    );
  await mkdir(target.dataDir, { recursive: true });
  const staging = path.join(target.dataDir, `.restore-${randomBytes(4).toString('hex')}`);
  try {
    const sums = await extractTarGz(archive, staging);
    const manifestText = sums.has(MANIFEST) ? await readFile(path.join(staging, MANIFEST), 'utf8') : undefined;
    const m = checkArchive(manifestText, sums, knownMigrations());
    if (m.database.dialect !== target.db.kind)
      throw new AppError(
        'invalid_request',
        `this is a ${m.database.dialect === 'sqlite' ? 'SQLite (embedded)' : 'PostgreSQL'} backup; the configured database is ${target.db.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: restore it with the same kind of database`,
      );
    const key = Buffer.from((await readFile(path.join(staging, KEY_ENTRY), 'utf8')).trim(), 'hex');
    if (key.length !== 32) throw new AppError('invalid_request', 'not a usable Hearken backup: its secret.key is not a 32-byte hex key');
    if (target.configuredKey && !target.configuredKey.equals(key))
      throw new AppError(
        'conflict',
        `HEARKEN_SECRET_KEY is not the key this backup's channel secrets are sealed with: unset it (the restore then writes the key file), or set it to the archive's ${KEY_ENTRY}`,
      );
    const staged = path.join(staging, databaseEntry(m.database.dialect));

    // Everything is checked: from here on, things are replaced.
    if (target.db.kind === 'sqlite') {
      const check = await checkSqliteFile(staged);
      if (!check.ok)
        throw new AppError('invalid_request', `not a usable Hearken backup: its database fails SQLite's integrity check (${check.problems.join('; ')})`);
      for (const suffix of ['', '-wal', '-shm']) await rm(`${target.db.file}${suffix}`, { force: true });
      await mkdir(path.dirname(path.resolve(target.db.file)), { recursive: true });
      await move(staged, target.db.file);
    } else if (m.database.dialect === 'postgres') {
      await restorePostgres({
        url: target.db.url,
        dump: staged,
        listFile: path.join(staging, 'restore.list'),
        from: m.database.schema,
        to: target.db.schema ?? 'public',
        replace: !!o.force,
      });
    }

    let keyFile: string | null = null;
    if (!target.configuredKey) {
      keyFile = path.join(target.dataDir, 'secret.key');
      await writeFile(keyFile, key.toString('hex'), { mode: 0o600 });
    }

    await rm(target.mediaDir, { recursive: true, force: true });
    const stagedMedia = path.join(staging, MEDIA_PREFIX);
    if (await exists(stagedMedia)) {
      await mkdir(path.dirname(path.resolve(target.mediaDir)), { recursive: true });
      await move(stagedMedia, target.mediaDir);
    } else await mkdir(target.mediaDir, { recursive: true });

    const store = openStore(target.db);
    try {
      await migrate(store);
    } finally {
      await store.close();
    }
    const mediaFiles = Object.keys(m.files).filter((n) => n.startsWith(MEDIA_PREFIX) && !n.endsWith('.json')).length;
    return { dialect: m.database.dialect, createdAt: m.createdAt, mediaFiles, keyFile };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** What a restore would overwrite, in words. */
async function whatIsThere(t: RestoreTarget): Promise<string[]> {
  const out: string[] = [];
  if (t.db.kind === 'sqlite') {
    if (((await stat(t.db.file).catch(() => null))?.size ?? 0) > 0) out.push(`a database (${t.db.file})`);
  } else {
    const schema = t.db.schema ?? 'public';
    if ((await countTables(t.db.url, schema)) > 0) out.push(`a database (schema "${schema}" has tables)`);
  }
  if (!t.configuredKey && (await exists(path.join(t.dataDir, 'secret.key')))) out.push(`a secret key (${path.join(t.dataDir, 'secret.key')})`);
  if ((await readdir(t.mediaDir).catch(() => [])).length > 0) out.push(`media (${t.mediaDir})`);
  return out;
}

/** rename, or copy and delete when the two are on different file systems. */
async function move(from: string, to: string) {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await cp(from, to, { recursive: true });
    await rm(from, { recursive: true, force: true });
  }
}

async function exists(p: string) {
  return (await stat(p).catch(() => null)) !== null;
}
