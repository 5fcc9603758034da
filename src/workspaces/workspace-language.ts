import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { asCustomerLanguage, type CustomerLanguage } from '../lib/customer-texts/index.js';
import { notFound } from '../lib/errors.js';
import type { DB } from '../store/schema.js';

/** The workspace's default language for customer-facing texts; null = English (lib/customer-texts). */
export async function workspaceLanguage(db: Kysely<DB>, workspaceId: string): Promise<CustomerLanguage | null> {
  const row = await db.selectFrom('workspaces').select('default_language').where('id', '=', workspaceId).executeTakeFirst();
  return asCustomerLanguage(row?.default_language);
}

/** The workspace as its members see it: name and default customer language. */
export async function getWorkspace(app: App, workspaceId: string) {
  const row = await app.store.db.selectFrom('workspaces').select(['id', 'name', 'default_language']).where('id', '=', workspaceId).executeTakeFirst();
  if (!row) throw notFound('workspace');
  return { id: row.id, name: row.name, defaultLanguage: asCustomerLanguage(row.default_language) };
}

/** Sets (or clears, null) the default customer language (admin). Recorded as an event, so the audit log shows who. */
export async function setWorkspaceLanguage(app: App, input: { workspaceId: string; actorUserId: string | null; language: CustomerLanguage | null }) {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const from = await workspaceLanguage(tx, input.workspaceId);
    await tx.updateTable('workspaces').set({ default_language: input.language }).where('id', '=', input.workspaceId).execute();
    if (from !== input.language)
      await appendEvent(tx, {
        workspaceId: input.workspaceId,
        type: 'workspace.language_changed',
        actorUserId: input.actorUserId,
        data: { from, to: input.language },
        at: now,
      });
  });
  return getWorkspace(app, input.workspaceId);
}
