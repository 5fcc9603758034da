import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { seal } from '../../lib/crypto.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { parseJson } from '../../lib/json.js';
import type { ListeningSourceTable } from '../../store/schema.js';
import { secretsOf } from './poll-source.js';
import { presentSource } from './present.js';
import { sourceAdapters } from './registry.js';
import { refuseInternalUrl, refuseNetworkBaseUrl } from '../../net/settings-guard.js';

export interface SaveSourceInput {
  workspaceId: string;
  actorUserId: string;
  id?: string;
  kind?: string;
  name?: string;
  settings?: Record<string, unknown>;
  /** Credentials to set (a value) or remove (null); others are kept. */
  secrets?: Record<string, string | null>;
  pollIntervalSeconds?: number;
  active?: boolean;
}

/**
 * Creates or updates a listening source. Settings are validated by the source's own schema
 * (field errors as settings.<name>); credentials are sealed like channel credentials and never
 * shown again. Changing what a source reads (its settings) resets its cursor.
 */
export async function saveSource(app: App, input: SaveSourceInput) {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    let current: ListeningSourceTable | undefined;
    if (input.id) {
      current = await tx
        .selectFrom('listening_sources')
        .selectAll()
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (!current) throw notFound('listening source');
      if (input.kind && input.kind !== current.kind) throw invalid('kind', 'cannot be changed; create a new source');
    }
    const kind = current?.kind ?? input.kind ?? '';
    const adapter = sourceAdapters[kind];
    if (!adapter) throw invalid('kind', `must be one of ${Object.keys(sourceAdapters).join(', ')}`);
    refuseNetworkBaseUrl(app.config, input.settings);
    const rawSettings = input.settings ?? parseJson(current?.settings, {});
    const parsed = adapter.settings.safeParse(rawSettings);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ field: ['settings', ...i.path.map(String)].join('.'), reason: i.message }));
      throw new AppError('invalid_request', `${fields[0]!.field}: ${fields[0]!.reason}`, fields);
    }
    // Every URL a source calls (a feed, a Mastodon server, a Jetstream endpoint) is one it was given here.
    if (input.settings)
      for (const [k, v] of Object.entries(parsed.data as Record<string, unknown>))
        if (typeof v === 'string' && /^(https?|wss?):\/\//i.test(v)) refuseInternalUrl(app.config, `settings.${k}`, v);
    const interval = input.pollIntervalSeconds ?? current?.poll_interval_s ?? adapter.defaultIntervalS;
    if (interval < adapter.minIntervalS) throw invalid('pollIntervalSeconds', `must be at least ${adapter.minIntervalS} seconds for ${kind}`);
    const secrets = { ...(current ? secretsOf(app, current) : {}) };
    for (const [k, v] of Object.entries(input.secrets ?? {})) {
      if (!adapter.secrets.includes(k)) throw invalid(`secrets.${k}`, `is not a credential of ${kind} (expected ${adapter.secrets.join(', ') || 'none'})`);
      if (v === null) delete secrets[k];
      else secrets[k] = v;
    }
    const missing = adapter.secrets.filter((k) => !secrets[k]);
    if (missing.length) throw invalid(`secrets.${missing[0]}`, 'is required');
    const settingsText = JSON.stringify(parsed.data);
    const next: ListeningSourceTable = {
      id: current?.id ?? newId(now),
      workspace_id: input.workspaceId,
      kind,
      name: (input.name ?? current?.name ?? kind).trim() || kind,
      settings: settingsText,
      secrets_enc: Object.keys(secrets).length ? seal(app.config.secretKey, JSON.stringify(secrets)) : null,
      active: (input.active ?? (current ? current.active === 1 : true)) ? 1 : 0,
      poll_interval_s: interval,
      cursor: current && current.settings === settingsText ? current.cursor : null,
      state: current?.state ?? '{}',
      next_poll_at: current && current.settings === settingsText ? Math.min(current.next_poll_at, now + interval * 1000) : now,
      created_at: current?.created_at ?? now,
      updated_at: now,
    };
    if (current) {
      const { id: _i, workspace_id: _w, kind: _k, created_at: _c, ...changes } = next;
      await tx.updateTable('listening_sources').set(changes).where('id', '=', next.id).execute();
    } else await tx.insertInto('listening_sources').values(next).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: current ? 'listening_source.updated' : 'listening_source.created',
      actorUserId: input.actorUserId,
      data: { sourceId: next.id, kind },
      at: now,
    });
    return { row: next, secretNames: Object.keys(secrets) };
  });
  return presentSource(row.row, row.secretNames);
}
