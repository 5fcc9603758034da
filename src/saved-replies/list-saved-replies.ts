import type { App } from '../app.js';
import { fold } from '../search/tokenize.js';
import { presentSavedReply } from './present.js';
import { translationsOf } from './translations.js';

/**
 * Saved replies, optionally filtered by name and text (the main text or any translation).
 * Workspaces keep tens to hundreds of them, so matching in memory with the search folding
 * (accents, Turkish i) beats a LIKE that would not fold.
 */
export async function listSavedReplies(app: App, input: { workspaceId: string; q?: string }) {
  const rows = await app.store.db.selectFrom('saved_replies').selectAll().where('workspace_id', '=', input.workspaceId).orderBy('name').execute();
  const translations = await translationsOf(
    app.store.db,
    input.workspaceId,
    rows.map((r) => r.id),
  );
  const texts = (id: string) => (translations.get(id) ?? []).map((t) => t.body).join('\n');
  const needle = input.q ? fold(input.q).trim() : '';
  const hits = needle ? rows.filter((r) => fold(`${r.name}\n${r.body}\n${texts(r.id)}`).includes(needle)) : rows;
  // Name matches first: that is what an agent types.
  if (needle) hits.sort((a, b) => Number(!fold(a.name).includes(needle)) - Number(!fold(b.name).includes(needle)));
  return hits.map((r) => presentSavedReply(r, translations.get(r.id) ?? []));
}
