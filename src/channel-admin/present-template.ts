import type { TemplateComponent } from '../channels/contract/templates.js';
import { parseJson } from '../lib/json.js';
import type { ChannelTemplateTable } from '../store/schema.js';
import { templatesOf } from './sync-templates.js';

/** A synced template as the API shows it; `unsupported` is why Hearken cannot send it (null: it can). */
export function presentTemplate(r: ChannelTemplateTable, channelType: string) {
  const components = parseJson<TemplateComponent[]>(r.components, []);
  return {
    id: r.id,
    name: r.name,
    language: r.language,
    status: r.status,
    category: r.category,
    body: components.find((c) => c.type?.toUpperCase() === 'BODY')?.text ?? '',
    bodyParams: r.body_params,
    unsupported: templatesOf(channelType).unsupported(components),
    components,
    syncedAt: new Date(r.synced_at).toISOString(),
  };
}
