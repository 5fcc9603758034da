import { ATTRIBUTE_LIMITS } from './attributes.js';

/**
 * The CSV format of the contacts directory, shared by export and import so a file exported can
 * be imported back unchanged: one row per contact; id, name, email, phone, then the read-only
 * columns (accounts, conversations, created_at), then one column per attribute named by its key.
 */
export const FIXED_COLUMNS = ['id', 'name', 'email', 'phone'] as const;
export const READ_ONLY_COLUMNS = ['accounts', 'conversations', 'created_at'] as const;

/** Where an import column goes: a contact field, an attribute, or nowhere. */
export type ColumnTarget = (typeof FIXED_COLUMNS)[number] | `attributes.${string}` | 'ignore';

export const isColumnTarget = (s: string): s is ColumnTarget =>
  (FIXED_COLUMNS as readonly string[]).includes(s) || s === 'ignore' || (s.startsWith('attributes.') && ATTRIBUTE_LIMITS.keyPattern.test(s.slice(11)));

/** The mapping the import proposes for a header: fixed columns by name, read-only ones ignored, the rest as attributes when the name can be a key. */
export function suggestTarget(header: string): ColumnTarget {
  const h = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (h === 'e_mail' || h === 'mail') return 'email';
  if (h === 'telephone' || h === 'mobile' || h === 'phone_number') return 'phone';
  if (h === 'full_name') return 'name';
  if ((FIXED_COLUMNS as readonly string[]).includes(h)) return h as ColumnTarget;
  if ((READ_ONLY_COLUMNS as readonly string[]).includes(h)) return 'ignore';
  return ATTRIBUTE_LIMITS.keyPattern.test(h) ? `attributes.${h}` : 'ignore';
}

/** Undoes the export's formula guard (lib/csv.ts): a leading apostrophe before = + - @ is not part of the value. */
export const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
