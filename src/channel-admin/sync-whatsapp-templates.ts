import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { AppError, invalid, notFound } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { loadChannel } from '../channels/load-channel.js';
import { GRAPH_BASE_URL } from '../channels/meta/constants.js';
import { graphGet } from '../channels/meta/templates-graph.js';
import { bodyVariables } from '../channels/meta/templates-params.js';
import type { TemplateComponent } from '../channels/meta/templates-table.js';

interface GraphTemplate {
  id?: string;
  name?: string;
  language?: string;
  status?: string;
  category?: string;
  components?: TemplateComponent[];
}
interface GraphPage {
  data?: GraphTemplate[];
  paging?: { cursors?: { after?: string }; next?: string };
}

/** A WhatsApp Business Account rarely has more than a few hundred templates; this bounds a runaway paging loop. */
const MAX_PAGES = 50;

/**
 * Reads every message template of the channel's WhatsApp Business Account
 * (`GET /{waba-id}/message_templates?fields=name,language,status,category,components`, following
 * the `after` cursor) and replaces the channel's copy: new ones added, changed ones updated
 * (a template approved, paused or edited since), ones deleted at Meta removed. Nothing is changed
 * when Meta refuses: the error says why, in Meta's words.
 */
export async function syncWhatsAppTemplates(app: App, input: { workspaceId: string; channelId: string; actorUserId?: string | null }) {
  const ch = await loadChannel(app.store.db, app.config, input.channelId, input.workspaceId);
  if (!ch) throw notFound('channel');
  if (ch.row.type !== 'whatsapp') throw new AppError('capability_unsupported', 'message templates exist only on WhatsApp channels');
  const waba = ch.settings.businessAccountId;
  if (typeof waba !== 'string' || !waba)
    throw invalid('settings.businessAccountId', 'is needed to read message templates: set the WhatsApp Business Account id on the channel');
  const base = typeof ch.settings.apiBaseUrl === 'string' ? ch.settings.apiBaseUrl : GRAPH_BASE_URL;

  const found: GraphTemplate[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await graphGet<GraphPage>({
      baseUrl: base,
      path: `${encodeURIComponent(waba)}/message_templates`,
      query: { fields: 'name,language,status,category,components', limit: '100', ...(after ? { after } : {}) },
      token: ch.secrets.accessToken ?? '',
      appSecret: ch.secrets.appSecret,
      timeoutMs: app.config.sendTimeoutMs,
      outbound: app.outbound,
    });
    if (!r.ok) throw new AppError('conflict', `Meta refused the template list: ${r.error}`);
    found.push(...(r.data.data ?? []));
    after = r.data.paging?.next ? r.data.paging.cursors?.after : undefined;
    if (!after) break;
  }

  const now = app.now();
  const valid = found.filter(
    (t): t is Required<Pick<GraphTemplate, 'name' | 'language'>> & GraphTemplate =>
      typeof t.name === 'string' && !!t.name && typeof t.language === 'string' && !!t.language,
  );
  const result = await app.store.db.transaction().execute(async (trx) => {
    const tx = trx;
    const existing = await tx
      .selectFrom('channel_templates')
      .selectAll()
      .where('workspace_id', '=', input.workspaceId)
      .where('channel_id', '=', ch.row.id)
      .execute();
    const byKey = new Map(existing.map((r) => [`${r.name}\u0000${r.language}`, r]));
    let added = 0;
    let updated = 0;
    for (const t of valid) {
      const components = Array.isArray(t.components) ? t.components : [];
      const values = {
        external_id: t.id ?? null,
        status: String(t.status ?? 'UNKNOWN').toUpperCase(),
        category: String(t.category ?? 'UNKNOWN').toUpperCase(),
        components: JSON.stringify(components),
        body_params: bodyVariables(components).length,
        synced_at: now,
      };
      const key = `${t.name}\u0000${t.language}`;
      const old = byKey.get(key);
      byKey.delete(key);
      if (old) {
        await tx.updateTable('channel_templates').set(values).where('id', '=', old.id).execute();
        updated++;
      } else {
        await tx
          .insertInto('channel_templates')
          .values({ id: newId(now), workspace_id: input.workspaceId, channel_id: ch.row.id, name: t.name, language: t.language, ...values })
          .execute();
        added++;
      }
    }
    const gone = [...byKey.values()].map((r) => r.id);
    if (gone.length) await tx.deleteFrom('channel_templates').where('id', 'in', gone).execute();
    await appendEvent(trx, {
      workspaceId: input.workspaceId,
      type: 'channel.templates_synced',
      actorUserId: input.actorUserId ?? null,
      data: { channelId: ch.row.id, added, updated, removed: gone.length },
      at: now,
    });
    return { added, updated, removed: gone.length };
  });
  return { ...result, total: valid.length };
}
