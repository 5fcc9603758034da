import { sql } from 'kysely';
import type { App } from '../app.js';

export interface TagView {
  name: string;
  /** null for a tag used on conversations but not managed (yet) */
  color: string | null;
  description: string;
  managed: boolean;
  /** conversations carrying it now */
  conversations: number;
}

/**
 * The workspace's tags: the managed ones, and every name in use on a conversation that is not
 * managed (so an admin sees ad-hoc tags and can adopt or merge them), with how many
 * conversations carry each. Sorted by name.
 */
export async function listTags(app: App, workspaceId: string): Promise<{ tags: TagView[]; managedOnly: boolean }> {
  const db = app.store.db;
  const [managed, used, ws] = await Promise.all([
    db.selectFrom('tags').selectAll().where('workspace_id', '=', workspaceId).execute(),
    db
      .selectFrom('conversation_tags')
      .select(['tag', sql<number>`count(*)`.as('n')])
      .where('workspace_id', '=', workspaceId)
      .groupBy('tag')
      .execute(),
    db.selectFrom('workspaces').select('managed_tags_only').where('id', '=', workspaceId).executeTakeFirst(),
  ]);
  const count = new Map(used.map((u) => [u.tag, Number(u.n)]));
  const out = new Map<string, TagView>();
  for (const t of managed) out.set(t.name, { name: t.name, color: t.color, description: t.description, managed: true, conversations: count.get(t.name) ?? 0 });
  for (const [name, n] of count) if (!out.has(name)) out.set(name, { name, color: null, description: '', managed: false, conversations: n });
  return { tags: [...out.values()].sort((a, b) => a.name.localeCompare(b.name)), managedOnly: Number(ws?.managed_tags_only ?? 0) === 1 };
}
