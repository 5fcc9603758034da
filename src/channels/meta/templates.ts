import type { ChannelAccess, NetworkContext } from '../contract/context.js';
import type { MessageTemplates, NetworkTemplate, TemplateComponent, TemplateList } from '../contract/templates.js';
import { GRAPH_BASE_URL } from './constants.js';
import { graphGet } from './templates-graph.js';
import { bodyVariables, renderBody, unsupportedParts } from './templates-params.js';

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
 * the `after` cursor). Entries without a name or language are skipped (Meta never sends them; a
 * proxy might).
 */
async function listTemplates(ctx: NetworkContext, ch: ChannelAccess): Promise<TemplateList> {
  const waba = ch.settings.businessAccountId;
  if (typeof waba !== 'string' || !waba)
    return {
      ok: false,
      field: 'settings.businessAccountId',
      error: 'is needed to read message templates: set the WhatsApp Business Account id on the channel',
    };
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
      timeoutMs: ctx.timeoutMs,
      outbound: ctx.outbound,
    });
    if (!r.ok) return { ok: false, error: `Meta refused the template list: ${r.error}` };
    found.push(...(r.data.data ?? []));
    after = r.data.paging?.next ? r.data.paging.cursors?.after : undefined;
    if (!after) break;
  }
  const templates: NetworkTemplate[] = [];
  for (const t of found) {
    if (typeof t.name !== 'string' || !t.name || typeof t.language !== 'string' || !t.language) continue;
    templates.push({
      externalId: t.id ?? null,
      name: t.name,
      language: t.language,
      status: String(t.status ?? 'UNKNOWN').toUpperCase(),
      category: String(t.category ?? 'UNKNOWN').toUpperCase(),
      components: Array.isArray(t.components) ? t.components : [],
    });
  }
  return { ok: true, templates };
}

/** WhatsApp's message templates (docs/channels-meta.md "Message templates"). */
export const whatsappTemplates: MessageTemplates = {
  list: listTemplates,
  variables: bodyVariables,
  render: renderBody,
  unsupported: unsupportedParts,
  descriptor(tpl, params) {
    const names = bodyVariables(tpl.components);
    // Read back by templates-payload.ts templateOf(); `names` only for NAMED parameter templates.
    return {
      type: 'whatsapp_template',
      name: `Template: ${tpl.name} (${tpl.language})`,
      template: tpl.name,
      language: tpl.language,
      params,
      ...(names.some((n) => !/^\d+$/.test(n)) ? { names } : {}),
    };
  },
};
