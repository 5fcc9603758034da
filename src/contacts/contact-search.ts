import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../store/schema.js';
import { phoneDigits } from './contact-fields.js';

/**
 * Case-insensitive substring match that treats % and _ in the user's text literally. The same SQL
 * runs on both dialects (an explicit ESCAPE, lower() on both sides). SQLite's lower() folds only
 * ASCII, so there "É" does not match "é"; PostgreSQL folds all of Unicode.
 */
export function containsText(column: Expression<string | null>, needle: string): Expression<SqlBool> {
  const pattern = `%${needle.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
  return sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;
}

/**
 * A condition on `contacts` for the directory's and the conversation search's text: the name,
 * the e-mail, the phone (by its digits, so "(415) 555-01" finds +14155550100), or any identity's
 * handle or external id (a WhatsApp number, an e-mail sender) contains it.
 */
export function contactMatches(eb: ExpressionBuilder<DB, 'contacts'>, workspaceId: string, needle: string): Expression<SqlBool> {
  const digits = phoneDigits(needle);
  const identityTerms = (ib: ExpressionBuilder<DB, 'identities'>) => {
    const terms = [containsText(ib.ref('identities.handle'), needle), containsText(ib.ref('identities.external_id'), needle)];
    if (digits) terms.push(containsText(ib.ref('identities.external_id'), digits));
    return ib.or(terms);
  };
  const terms: Expression<SqlBool>[] = [containsText(eb.ref('contacts.name'), needle), containsText(eb.ref('contacts.email'), needle)];
  if (digits) terms.push(containsText(eb.ref('contacts.phone'), digits));
  terms.push(
    eb.exists(
      eb
        .selectFrom('identities')
        .select(sql.lit(1).as('one'))
        .whereRef('identities.contact_id', '=', 'contacts.id')
        .where('identities.workspace_id', '=', workspaceId)
        .where(identityTerms),
    ),
  );
  return eb.or(terms);
}

export type MatchedField = 'name' | 'email' | 'phone' | 'handle';

/**
 * Which of a contact's fields a search text matched, and the field's text, for showing the match
 * (the client highlights it as text, never as markup).
 */
export function whichField(
  c: { name: string | null; email?: string | null; phone?: string | null; handles: string[] },
  needle: string,
): { field: MatchedField; text: string } | null {
  const n = needle.trim().toLowerCase();
  if (!n) return null;
  if (c.name && c.name.toLowerCase().includes(n)) return { field: 'name', text: c.name };
  if (c.email && c.email.includes(n)) return { field: 'email', text: c.email };
  const digits = phoneDigits(needle);
  if (digits && c.phone && c.phone.includes(digits)) return { field: 'phone', text: c.phone };
  const h = c.handles.find((x) => x.toLowerCase().includes(n) || (digits !== null && x.replace(/\D/g, '').includes(digits)));
  return h ? { field: 'handle', text: h } : null;
}
