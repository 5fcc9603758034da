import type { SavedReplyTable } from '../store/schema.js';
import type { SavedReplyVariant } from './pick-body.js';

/**
 * A saved reply as the API and the web app see it. `language` (the main text's, null = not said)
 * and `translations` were added with issue 13; old clients ignore them.
 */
export const presentSavedReply = (r: SavedReplyTable, translations: readonly SavedReplyVariant[]) => ({
  id: r.id,
  name: r.name,
  body: r.body,
  language: r.language ?? null,
  translations: translations.map((t) => ({ language: t.language, body: t.body })),
  updatedAt: new Date(r.updated_at).toISOString(),
});
