import { z } from 'zod';
import { AppError } from '../lib/errors.js';
import { isMediaKey } from '../media/storage.js';
import type { EntrySum } from './tar.js';

/**
 * What a backup archive holds, written as its last entry (so it can carry every other entry's
 * size and sha256, and so a truncated archive is caught by its absence):
 *
 *   hearken-backup/database/hearken.db      SQLite: a VACUUM INTO copy
 *   hearken-backup/database/hearken.pgdump  PostgreSQL: pg_dump --format=custom of the schema
 *   hearken-backup/secret.key               the key channel secrets are sealed with (hex)
 *   hearken-backup/media/ab/<sha256>[.json] the media store, as it is on disk
 *   hearken-backup/manifest.json
 *
 * `formatVersion` changes only when an older Hearken could not read the archive correctly.
 */
export const ROOT = 'hearken-backup';
export const FORMAT = 'hearken-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST = `${ROOT}/manifest.json`;
export const KEY_ENTRY = `${ROOT}/secret.key`;
export const MEDIA_PREFIX = `${ROOT}/media/`;
/** How a backup's database is named to a person. */
export const engineName = (dialect: 'sqlite' | 'postgres') => ({ sqlite: 'SQLite', postgres: 'PostgreSQL' })[dialect];
export const databaseEntry = (dialect: 'sqlite' | 'postgres') => `${ROOT}/database/${dialect === 'sqlite' ? 'hearken.db' : 'hearken.pgdump'}`;

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int().min(1),
  createdAt: z.string(),
  database: z.discriminatedUnion('dialect', [z.object({ dialect: z.literal('sqlite') }), z.object({ dialect: z.literal('postgres'), schema: z.string() })]),
  migrations: z.array(z.string()),
  files: z.record(z.string(), z.object({ size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type Manifest = z.output<typeof manifestSchema>;

const bad = (why: string) => new AppError('invalid_request', `not a usable Hearken backup: ${why}`);

/**
 * Reads the manifest and checks the archive against it and against this Hearken: a known format
 * version, migrations this code knows (a newer Hearken's backup is refused, an older one is
 * migrated after the restore), and every file present with its recorded size and checksum —
 * nothing missing, nothing extra, media files named by their own hash.
 */
export function checkArchive(raw: string | undefined, extracted: Map<string, EntrySum>, knownMigrations: string[]): Manifest {
  if (raw === undefined) throw bad('it has no manifest (not made by `npm run cli -- backup`, or cut short)');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw bad('its manifest is not JSON');
  }
  const formatVersion = (json as { formatVersion?: unknown })?.formatVersion;
  if (typeof formatVersion === 'number' && formatVersion > FORMAT_VERSION)
    throw bad(`it was written in format ${formatVersion} by a newer Hearken; this one reads format ${FORMAT_VERSION}: upgrade Hearken first`);
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw bad(`its manifest is malformed (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
  const m = parsed.data;
  const unknown = m.migrations.filter((n) => !knownMigrations.includes(n));
  if (unknown.length) throw bad(`it was taken by a newer Hearken (migrations ${unknown.join(', ')} are unknown here): upgrade Hearken first`);
  for (const [name, want] of Object.entries(m.files)) {
    const got = extracted.get(name);
    if (!got) throw bad(`${name} is missing`);
    if (got.size !== want.size || got.sha256 !== want.sha256) throw bad(`${name} does not match its checksum (damaged archive)`);
  }
  for (const name of extracted.keys()) {
    if (name !== MANIFEST && !(name in m.files)) throw bad(`${name} is not listed in the manifest`);
    if (name.startsWith(MEDIA_PREFIX) && !name.endsWith('.json')) {
      const key = name.split('/').pop()!;
      if (isMediaKey(key) && extracted.get(name)!.sha256 !== key) throw bad(`media file ${key} does not hold the bytes its name promises`);
    }
  }
  const db = databaseEntry(m.database.dialect);
  if (!(db in m.files)) throw bad('it holds no database');
  if (!(KEY_ENTRY in m.files)) throw bad('it holds no secret key');
  return m;
}
