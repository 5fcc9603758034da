import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { notFound } from '../../lib/errors.js';
import type { ListeningSourceTable } from '../../store/schema.js';
import { pollSource, secretsOf } from './poll-source.js';
import { presentSource } from './present.js';

const show = (app: App, r: ListeningSourceTable) => presentSource(r, Object.keys(secretsOf(app, r)));

export async function listSources(app: App, input: { workspaceId: string }) {
  const rows = await app.store.db.selectFrom('listening_sources').selectAll().where('workspace_id', '=', input.workspaceId).orderBy('name').execute();
  return rows.map((r) => show(app, r));
}

async function load(app: App, workspaceId: string, id: string) {
  const r = await app.store.db.selectFrom('listening_sources').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('listening source');
  return r;
}

export async function getSource(app: App, input: { workspaceId: string; id: string }) {
  return show(app, await load(app, input.workspaceId, input.id));
}

/** Polls a source now (the "fetch now" button), still honouring a rate-limit backoff. */
export async function pollSourceNow(app: App, input: { workspaceId: string; id: string }) {
  const result = await pollSource(app, await load(app, input.workspaceId, input.id), { force: true });
  return { result, source: show(app, await load(app, input.workspaceId, input.id)) };
}

/** Deletes a source; the posts it fetched and their mentions stay. */
export async function deleteSource(app: App, input: { workspaceId: string; actorUserId: string; id: string }) {
  await app.store.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom('listening_sources').where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('listening source');
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'listening_source.deleted',
      actorUserId: input.actorUserId,
      data: { sourceId: input.id },
      at: app.now(),
    });
  });
}
