import type { ChannelTemplateTable } from '../../store/schema.js';
import { unsupportedParts } from './templates-params.js';

export function presentTemplate(r: ChannelTemplateTable) {
  const components = JSON.parse(r.components) as TemplateComponent[];
  return {
    id: r.id,
    name: r.name,
    language: r.language,
    status: r.status,
    category: r.category,
    body: components.find((c) => c.type?.toUpperCase() === 'BODY')?.text ?? '',
    bodyParams: r.body_params,
    /** null when Hearken can send it; else why not (a media header, a variable in a button…). */
    unsupported: unsupportedParts(components),
    components,
    syncedAt: new Date(r.synced_at).toISOString(),
  };
}

export interface TemplateComponent {
  type?: string;
  format?: string;
  text?: string;
  [k: string]: unknown;
}
