import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { SavedReplyVariant } from './pick-body.js';

/** The translations of these saved replies, by reply id, each list in language order. */
export async function translationsOf(db: Kysely<DB>, workspaceId: string, ids: readonly string[]): Promise<Map<string, SavedReplyVariant[]>> {
  const out = new Map<string, SavedReplyVariant[]>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('saved_reply_translations')
    .select(['saved_reply_id', 'language', 'body'])
    .where('workspace_id', '=', workspaceId)
    .where('saved_reply_id', 'in', [...ids])
    .orderBy('saved_reply_id')
    .orderBy('language')
    .execute();
  for (const r of rows) out.set(r.saved_reply_id, [...(out.get(r.saved_reply_id) ?? []), { language: r.language, body: r.body }]);
  return out;
}

/**
 * Replaces a saved reply's translations with `next` (the whole set). A text that did not change
 * keeps its updated_at, so "changed since" stays true per language. Call inside a transaction.
 */
export async function replaceTranslations(
  tx: Kysely<DB>,
  input: { workspaceId: string; savedReplyId: string; next: readonly SavedReplyVariant[]; now: number },
): Promise<void> {
  const before = await tx
    .selectFrom('saved_reply_translations')
    .select(['language', 'body', 'updated_at'])
    .where('workspace_id', '=', input.workspaceId)
    .where('saved_reply_id', '=', input.savedReplyId)
    .execute();
  const kept = new Map(before.map((r) => [r.language, r]));
  await tx.deleteFrom('saved_reply_translations').where('workspace_id', '=', input.workspaceId).where('saved_reply_id', '=', input.savedReplyId).execute();
  if (!input.next.length) return;
  await tx
    .insertInto('saved_reply_translations')
    .values(
      input.next.map((t) => {
        const old = kept.get(t.language);
        return {
          workspace_id: input.workspaceId,
          saved_reply_id: input.savedReplyId,
          language: t.language,
          body: t.body,
          updated_at: old && old.body === t.body ? Number(old.updated_at) : input.now,
        };
      }),
    )
    .execute();
}
