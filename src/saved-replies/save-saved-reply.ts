import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { conflict, invalid, notFound } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import type { SavedReplyTable } from '../store/schema.js';
import type { SavedReplyTranslation } from './model.js';
import { presentSavedReply } from './present.js';
import { replaceTranslations, translationsOf } from './translations.js';

export interface SaveSavedReplyInput {
  workspaceId: string;
  actorUserId: string;
  id?: string;
  name?: string;
  body?: string;
  /** The main text's language; null clears it; undefined keeps it. */
  language?: string | null;
  /** The whole set of translations (model.ts checked them); undefined keeps the current set. */
  translations?: SavedReplyTranslation[];
}

/**
 * Creates a saved reply, or updates one when `id` is given. Names are unique per workspace.
 * Translations given replace the set; a translation in the main text's own language is refused
 * (the two would compete for the same conversations).
 */
export async function saveSavedReply(app: App, input: SaveSavedReplyInput) {
  const now = app.now();
  const { row, translations } = await app.store.db.transaction().execute(async (tx) => {
    let current: SavedReplyTable | undefined;
    if (input.id) {
      current = await tx.selectFrom('saved_replies').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
      if (!current) throw notFound('saved reply');
    }
    const name = (input.name ?? current?.name ?? '').trim();
    const clash = await tx.selectFrom('saved_replies').select('id').where('workspace_id', '=', input.workspaceId).where('name', '=', name).executeTakeFirst();
    if (clash && clash.id !== current?.id) throw conflict(`a saved reply named "${name}" already exists`);
    const language = input.language === undefined ? (current?.language ?? null) : input.language;
    const next: SavedReplyTable = current
      ? { ...current, name, body: input.body ?? current.body, language, updated_at: now }
      : {
          id: newId(now),
          workspace_id: input.workspaceId,
          name,
          body: input.body ?? '',
          language,
          created_by: input.actorUserId,
          created_at: now,
          updated_at: now,
        };
    const translations = input.translations ?? (await translationsOf(tx, input.workspaceId, [next.id])).get(next.id) ?? [];
    const same = language ? translations.findIndex((t) => t.language === language) : -1;
    if (same >= 0)
      throw input.translations
        ? invalid(`translations.${same}.language`, `"${language}" is the main text's language: write it in the main text, or change the main text's language`)
        : invalid('language', `"${language}" already has a translation`);
    if (current) await tx.updateTable('saved_replies').set({ name: next.name, body: next.body, language, updated_at: now }).where('id', '=', next.id).execute();
    else await tx.insertInto('saved_replies').values(next).execute();
    if (input.translations) await replaceTranslations(tx, { workspaceId: input.workspaceId, savedReplyId: next.id, next: input.translations, now });
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: current ? 'saved_reply.updated' : 'saved_reply.created',
      actorUserId: input.actorUserId,
      data: { savedReplyId: next.id },
      at: now,
    });
    return { row: next, translations: [...translations].sort((a, b) => (a.language < b.language ? -1 : a.language > b.language ? 1 : 0)) };
  });
  return presentSavedReply(row, translations);
}
