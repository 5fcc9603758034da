import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { AppError, invalid } from '../lib/errors.js';
import type { DB } from '../store/schema.js';
import { coerceAttribute, listAttributeDefs } from './attribute-defs.js';
import { ATTRIBUTE_LIMITS, type AttributeValue } from './attributes.js';
import { normalizeEmail, normalizePhone } from './contact-fields.js';
import { isColumnTarget, suggestTarget, unguard, type ColumnTarget } from './csv-columns.js';

export const IMPORT_LIMITS = { maxBytes: 2 * 1024 * 1024, maxRows: 5000, maxColumns: 60 } as const;

export interface RowChange {
  name?: string;
  email?: string;
  phone?: string;
  attributes: Record<string, AttributeValue>;
}

/** One data row of the file: what it would do, or why it cannot. `row` counts the header as row 1, as a spreadsheet shows it. */
export type PlannedRow =
  | { row: number; ok: true; action: 'create' | 'update'; contactId: string | null; change: RowChange }
  | { row: number; ok: false; errors: string[] };

export interface ImportPlan {
  headers: string[];
  mapping: Record<string, ColumnTarget>;
  rows: PlannedRow[];
}

/**
 * Reads and checks a CSV of contacts without changing anything: each row is matched to an existing
 * contact (by id, else e-mail, else phone) to update, or becomes a new contact. An empty cell
 * leaves the field as it is. A row with any bad cell is reported whole and not applied.
 */
export async function planImport(db: Kysely<DB>, input: { workspaceId: string; csv: string; mapping?: Record<string, string> }): Promise<ImportPlan> {
  const { workspaceId } = input;
  if (Buffer.byteLength(input.csv, 'utf8') > IMPORT_LIMITS.maxBytes)
    throw new AppError('payload_too_large', `csv: a file is at most ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB`, [{ field: 'csv', reason: 'too large' }]);
  let records: string[][];
  try {
    records = parse(input.csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false });
  } catch (err) {
    throw invalid('csv', `is not a readable CSV file (${(err as Error).message.split('\n')[0]})`);
  }
  const [headers, ...data] = records;
  if (!headers?.length || headers.every((h) => !h.trim())) throw invalid('csv', 'has no header row');
  if (headers.length > IMPORT_LIMITS.maxColumns) throw invalid('csv', `has more than ${IMPORT_LIMITS.maxColumns} columns`);
  if (data.length > IMPORT_LIMITS.maxRows) throw invalid('csv', `has ${data.length} rows; at most ${IMPORT_LIMITS.maxRows} per import`);

  const mapping: Record<string, ColumnTarget> = {};
  for (const h of headers) {
    const given = input.mapping?.[h];
    if (given !== undefined && !isColumnTarget(given)) throw invalid(`mapping.${h}`, 'is not name, email, phone, id, attributes.<key> or ignore');
    mapping[h] = given ?? suggestTarget(h);
  }
  const used = Object.values(mapping).filter((m) => m !== 'ignore');
  const twice = used.find((m, i) => used.indexOf(m) !== i);
  if (twice) throw invalid('mapping', `two columns go to ${twice}`);

  const defs = new Map((await listAttributeDefs(db, workspaceId)).map((d) => [d.key, d]));
  const live = db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('merged_into_id', 'is', null)
    .where('erased_at', 'is', null);
  const seen = new Map<string, number>();
  const rows: PlannedRow[] = [];
  for (const [i, cells] of data.entries()) {
    const row = i + 2;
    const errors: string[] = [];
    const change: RowChange = { attributes: {} };
    let id: string | undefined;
    headers.forEach((h, col) => {
      const target = mapping[h]!;
      const cell = unguard((cells[col] ?? '').trim());
      if (target === 'ignore' || cell === '') return;
      if (target === 'id') id = cell;
      else if (target === 'name') {
        if (cell.length > 200) errors.push(`${h}: a name is at most 200 characters`);
        else change.name = cell;
      } else if (target === 'email') {
        const r = normalizeEmail(cell);
        if (r.ok) change.email = r.value;
        else errors.push(`${h}: "${cell.slice(0, 60)}" ${r.reason}`);
      } else if (target === 'phone') {
        const r = normalizePhone(cell);
        if (r.ok) change.phone = r.value;
        else errors.push(`${h}: "${cell.slice(0, 60)}" ${r.reason}`);
      } else {
        const key = target.slice('attributes.'.length);
        const def = defs.get(key);
        if (def) {
          const r = coerceAttribute(def, cell);
          if (r.ok) change.attributes[key] = r.value;
          else errors.push(`${h}: ${def.label} ${r.reason}`);
        } else if (cell.length > ATTRIBUTE_LIMITS.maxStringLength) errors.push(`${h}: at most ${ATTRIBUTE_LIMITS.maxStringLength} characters`);
        else change.attributes[key] = cell;
      }
    });
    // The same person twice in one file would be created twice: name the earlier row instead.
    for (const k of [change.email && `e:${change.email}`, change.phone && `p:${change.phone}`, id && `i:${id}`]) {
      if (!k) continue;
      const earlier = seen.get(k);
      if (earlier) errors.push(`the same ${k[0] === 'e' ? 'e-mail' : k[0] === 'p' ? 'phone' : 'id'} as row ${earlier}`);
      else seen.set(k, row);
    }
    let contactId: string | null = null;
    if (!errors.length) {
      if (id) {
        const hit = await live.where('id', '=', id).executeTakeFirst();
        if (!hit) errors.push(`id: no contact ${id.slice(0, 40)} in this workspace`);
        else contactId = hit.id;
      } else {
        const byEmail = change.email ? await live.where('email', '=', change.email).orderBy('id').executeTakeFirst() : undefined;
        const byPhone = change.phone ? await live.where('phone', '=', change.phone).orderBy('id').executeTakeFirst() : undefined;
        if (byEmail && byPhone && byEmail.id !== byPhone.id)
          errors.push('the e-mail and the phone belong to two different contacts; merge them first or add the id column');
        contactId = byEmail?.id ?? byPhone?.id ?? null;
      }
      if (!contactId && !change.name && !change.email && !change.phone) errors.push('a new contact needs a name, e-mail or phone');
      const count = Object.keys(change.attributes).length;
      if (count > ATTRIBUTE_LIMITS.maxKeys) errors.push(`at most ${ATTRIBUTE_LIMITS.maxKeys} attributes`);
    }
    rows.push(errors.length ? { row, ok: false, errors } : { row, ok: true, action: contactId ? 'update' : 'create', contactId, change });
  }
  return { headers, mapping, rows };
}
