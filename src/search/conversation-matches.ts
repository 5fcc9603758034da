import type { Store } from '../store/db.js';
import { phoneDigits } from '../contacts/contact-fields.js';
import { contactMatches, whichField, type MatchedField } from '../contacts/contact-search.js';
import { highlightRanges } from './highlight.js';
import { matchClause, parseSearchQuery } from './match-clause.js';
import { conversationIdsMatching } from './search-messages.js';
import { snippet } from './snippet.js';
import { fold } from './tokenize.js';

/** Why a conversation matched the search text: a message of it, or its customer's name, e-mail, phone or handle. */
export interface ConversationMatch {
  field: 'message' | MatchedField;
  /** Plain text: the message around the match, or the customer's field. */
  snippet: string;
  /** [start, end) offsets into snippet to highlight (as text, by the client). */
  highlight: Array<[number, number]>;
}

/** Conversations whose customer the text matches are capped: a one-letter search must not pull every thread in. */
const CONTACT_LIMIT = 200;

/**
 * Ids of the workspace's conversations that match `q`: by a message (full text, search-messages.ts)
 * or by the customer's name, e-mail, phone or handle (contacts/contact-search.ts), at most `limit`.
 */
export async function conversationIdsMatchingAll(store: Store, workspaceId: string, q: string, limit: number): Promise<string[]> {
  const byMessage = await conversationIdsMatching(store, workspaceId, q, limit);
  const needle = q.trim();
  const contactIds = (
    await store.db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('merged_into_id', 'is', null)
      .where((eb) => contactMatches(eb, workspaceId, needle))
      .limit(CONTACT_LIMIT)
      .execute()
  ).map((r) => r.id);
  const byContact = contactIds.length
    ? (
        await store.db
          .selectFrom('conversations')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('contact_id', 'in', contactIds)
          .orderBy('last_message_at', 'desc')
          .limit(limit)
          .execute()
      ).map((r) => r.id)
    : [];
  return [...new Set([...byMessage, ...byContact])].slice(0, limit);
}

/** For a page of conversations found by `q`: what matched in each, to show under the row. */
export async function explainMatches(
  store: Store,
  workspaceId: string,
  q: string,
  page: Array<{ id: string; contact_id: string }>,
): Promise<Map<string, ConversationMatch>> {
  const out = new Map<string, ConversationMatch>();
  if (!page.length) return out;
  const groups = parseSearchQuery(q);
  const terms = groups.flatMap((g) => g.terms);
  const hits = await store.db
    .selectFrom('search_docs')
    .innerJoin('messages as m', 'm.id', 'search_docs.message_id')
    .select(['m.conversation_id', 'm.body', 'm.created_at'])
    .where(matchClause(store.dialect, workspaceId, groups))
    .where('m.workspace_id', '=', workspaceId)
    .where('m.deleted_at', 'is', null)
    .where(
      'm.conversation_id',
      'in',
      page.map((p) => p.id),
    )
    .orderBy('m.created_at', 'desc')
    .execute();
  for (const h of hits) {
    if (out.has(h.conversation_id)) continue;
    const text = snippet(h.body, terms);
    out.set(h.conversation_id, { field: 'message', snippet: text, highlight: highlightRanges(text, terms) });
  }
  const rest = page.filter((p) => !out.has(p.id));
  if (!rest.length) return out;
  const contactIds = [...new Set(rest.map((p) => p.contact_id))];
  const contacts = await store.db
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'phone'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', contactIds)
    .execute();
  const idents = await store.db
    .selectFrom('identities')
    .select(['contact_id', 'handle', 'external_id'])
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', 'in', contactIds)
    .execute();
  const digits = phoneDigits(q);
  const needle = fold(q.trim());
  for (const c of contacts) {
    const handles = idents.filter((i) => i.contact_id === c.id).flatMap((i) => [i.handle, i.external_id].filter((x): x is string => !!x));
    const m = whichField({ name: c.name, email: c.email, phone: c.phone, handles }, q);
    if (!m) continue;
    const highlight =
      m.field === 'phone' && digits
        ? digitRanges(m.text, digits)
        : highlightRanges(m.text, [needle]).length
          ? highlightRanges(m.text, [needle])
          : digits
            ? digitRanges(m.text, digits)
            : [];
    for (const p of rest) if (p.contact_id === c.id) out.set(p.id, { field: m.field, snippet: m.text, highlight });
  }
  return out;
}

/** The range of `text` whose digits are `digits` (a phone typed with other punctuation). */
function digitRanges(text: string, digits: string): Array<[number, number]> {
  const pos: number[] = [];
  let only = '';
  for (let i = 0; i < text.length; i++) {
    if (/\d/.test(text[i]!)) {
      pos.push(i);
      only += text[i];
    }
  }
  const at = only.indexOf(digits);
  return at < 0 ? [] : [[pos[at]!, pos[at + digits.length - 1]! + 1]];
}
