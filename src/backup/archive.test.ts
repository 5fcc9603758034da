import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knownMigrations } from '../store/db.js';
import { testDialect } from '../test/store.js';
import { checkArchive, databaseEntry, FORMAT, FORMAT_VERSION, KEY_ENTRY, MANIFEST, MEDIA_PREFIX } from './manifest.js';
import { restoreBackup } from './restore-backup.js';
import { type EntrySum, extractTarGz, type TarSource, writeTarGz } from './tar.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'hearken-archive-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const KEY = Buffer.from('ab'.repeat(32));
const PICTURE = Buffer.from('a picture');

/** Writes an archive whose manifest `edit` may falsify, and returns its path. */
async function archive(entries: TarSource[], edit: (m: Record<string, unknown>) => void = () => {}) {
  const file = path.join(scratch, `a${++n}.tar.gz`);
  await writeTarGz(file, entries, (sums) => {
    const m: Record<string, unknown> = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      database: { dialect: 'sqlite' },
      migrations: knownMigrations(),
      files: Object.fromEntries(sums),
    };
    edit(m);
    return [{ name: MANIFEST, bytes: Buffer.from(JSON.stringify(m)) }];
  });
  return file;
}

const usual = (): TarSource[] => [
  { name: databaseEntry('sqlite'), bytes: Buffer.from('not really a database') },
  { name: KEY_ENTRY, bytes: KEY },
  { name: `${MEDIA_PREFIX}${sha(PICTURE).slice(0, 2)}/${sha(PICTURE)}`, bytes: PICTURE },
];

/** Extracts and checks, as a restore does; returns the error message, if any. */
async function verdict(file: string): Promise<string> {
  const dir = mkdtempSync(path.join(scratch, 'x-'));
  try {
    const sums = await extractTarGz(file, dir);
    const raw = sums.has(MANIFEST) ? readFileSync(path.join(dir, MANIFEST), 'utf8') : undefined;
    checkArchive(raw, sums, knownMigrations());
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
}

describe(`backup archive checks (${testDialect})`, () => {
  it('accepts an intact archive, which plain tar reads too', async () => {
    const file = await archive(usual());
    expect(await verdict(file)).toBe('ok');
    const out = mkdtempSync(path.join(scratch, 'tar-'));
    execFileSync('tar', ['-xzf', file, '-C', out]);
    expect(readFileSync(path.join(out, KEY_ENTRY))).toEqual(KEY);
  });

  it('refuses an entry whose bytes do not match the manifest', async () => {
    const file = await archive(usual(), (m) => {
      (m.files as Record<string, EntrySum>)[KEY_ENTRY].sha256 = '0'.repeat(64);
    });
    expect(await verdict(file)).toMatch(/secret\.key does not match its checksum/);
  });

  it('refuses a media file that does not hold the bytes its name promises', async () => {
    const entries = usual();
    entries[2] = { name: `${MEDIA_PREFIX}aa/${'a'.repeat(64)}`, bytes: PICTURE };
    expect(await verdict(await archive(entries))).toMatch(/media file a+ does not hold the bytes its name promises/);
  });

  it('refuses files missing from the archive or missing from the manifest', async () => {
    const missing = await archive(usual(), (m) => {
      (m.files as Record<string, EntrySum>)[`${MEDIA_PREFIX}bb/${'b'.repeat(64)}`] = { size: 1, sha256: 'b'.repeat(64) };
    });
    expect(await verdict(missing)).toMatch(/is missing/);
    const extra = await archive(usual(), (m) => {
      delete (m.files as Record<string, EntrySum>)[KEY_ENTRY];
    });
    expect(await verdict(extra)).toMatch(/secret\.key is not listed in the manifest/);
  });

  it('refuses a newer format or a newer Hearken, with what to do', async () => {
    expect(await verdict(await archive(usual(), (m) => (m.formatVersion = FORMAT_VERSION + 1)))).toMatch(
      /written in format 2 by a newer Hearken; this one reads format 1: upgrade Hearken first/,
    );
    expect(await verdict(await archive(usual(), (m) => (m.migrations = [...knownMigrations(), '9999-future'])))).toMatch(
      /taken by a newer Hearken \(migrations 9999-future are unknown here\)/,
    );
    expect(await verdict(await archive(usual(), (m) => (m.format = 'something-else')))).toMatch(/manifest is malformed/);
  });

  it('refuses an archive without a manifest, and entries that point outside it', async () => {
    const noManifest = path.join(scratch, 'no-manifest.tar.gz');
    await writeTarGz(noManifest, usual(), () => []);
    expect(await verdict(noManifest)).toMatch(/has no manifest/);
    const escaping = await archive([...usual(), { name: '../escaped', bytes: Buffer.from('x') }]);
    expect(await verdict(escaping)).toMatch(/entry \.\.\/escaped points outside the archive/);
    expect(existsSync(path.join(scratch, 'escaped'))).toBe(false);
  });

  it('refuses to restore a backup into the other kind of database', async () => {
    const entries = usual();
    entries[0] = { name: databaseEntry('postgres'), bytes: Buffer.from('not really a dump') };
    const file = await archive(entries, (m) => (m.database = { dialect: 'postgres', schema: 'public' }));
    const dir = mkdtempSync(path.join(scratch, 'target-'));
    await expect(
      restoreBackup(file, { dataDir: dir, db: { kind: 'sqlite', file: path.join(dir, 'hearken.db') }, mediaDir: path.join(dir, 'media'), configuredKey: null }),
    ).rejects.toThrow(/this is a PostgreSQL backup; the configured database is SQLite/);
    expect(existsSync(path.join(dir, 'hearken.db'))).toBe(false);
  });

  it('refuses a media folder that holds the data dir, which replacing it would delete', async () => {
    const file = await archive(usual());
    const dir = mkdtempSync(path.join(scratch, 'target-'));
    await expect(
      restoreBackup(file, { dataDir: dir, db: { kind: 'sqlite', file: path.join(dir, 'hearken.db') }, mediaDir: dir, configuredKey: null }, { force: true }),
    ).rejects.toThrow(/HEARKEN_MEDIA_DIR .* must be a folder of its own/);
  });
});
