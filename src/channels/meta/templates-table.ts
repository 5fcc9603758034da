import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { unsupportedParts } from './templates-params.js';

/** Row type of channel_templates (migration 0009), kept beside the code that owns the table. */
export interface ChannelTemplateTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  external_id: string | null;
  name: string;
  language: string;
  status: string;
  category: string;
  /** JSON: the template's components as the Business Management API returned them. */
  components: string;
  /** How many {{…}} variables the BODY has: a send must fill exactly these. */
  body_params: number;
  synced_at: number;
}

export const templatesDb = (db: Kysely<DB>) => db.withTables<{ channel_templates: ChannelTemplateTable }>();

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
