import type { Kysely } from 'kysely';
import { toCsv } from '../lib/csv.js';
import type { DB } from '../store/schema.js';
import { listAttributeDefs } from './attribute-defs.js';
import { FIXED_COLUMNS, READ_ONLY_COLUMNS } from './csv-columns.js';
import { listContacts } from './list-contacts.js';

/** More than this is a backup's job (cli backup), not a spreadsheet's. */
export const EXPORT_MAX_ROWS = 50_000;
const PAGE = 500;

/**
 * The workspace's contacts (or those matching `q`, as the directory's search) as CSV, newest
 * first: csv-columns.ts describes the columns. Attributes with a definition come first in key
 * order, then any other keys found.
 */
export async function exportContactsCsv(db: Kysely<DB>, input: { workspaceId: string; q?: string }): Promise<{ csv: string; rows: number }> {
  const defs = await listAttributeDefs(db, input.workspaceId);
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await listContacts(db, { workspaceId: input.workspaceId, q: input.q, limit: PAGE, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < EXPORT_MAX_ROWS);
  const keys = defs.map((d) => d.key);
  const extra = new Set<string>();
  for (const c of items) for (const k of Object.keys(c.attributes)) if (!keys.includes(k)) extra.add(k);
  keys.push(...[...extra].sort());
  const header = [...FIXED_COLUMNS, ...READ_ONLY_COLUMNS, ...keys];
  const rows = items.slice(0, EXPORT_MAX_ROWS).map((c) => [
    c.id,
    c.name,
    c.email,
    c.phone,
    c.identities.map((i) => `${i.network}:${i.handle ?? i.externalId}`).join('; '),
    c.conversationCount,
    new Date(c.createdAt).toISOString(),
    ...keys.map((k) => {
      const v = c.attributes[k];
      return v === undefined ? null : typeof v === 'number' ? v : String(v);
    }),
  ]);
  return { csv: toCsv(header, rows), rows: rows.length };
}
