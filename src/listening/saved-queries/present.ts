import type { ListeningQueryTable } from '../../store/schema.js';

export interface QueryFeedback {
  relevant: number;
  irrelevant: number;
}

/**
 * A saved query as the API shows it. Precision = relevant / (relevant + irrelevant), where a
 * mention engaged or observed counts as relevant and one marked irrelevant as not; null until
 * someone has judged a mention of the query.
 */
export function presentQuery(r: ListeningQueryTable, fb: QueryFeedback = { relevant: 0, irrelevant: 0 }) {
  const judged = fb.relevant + fb.irrelevant;
  return {
    id: r.id,
    name: r.name,
    query: r.query,
    kind: r.kind,
    active: r.active === 1,
    accentSensitive: r.accent_sensitive === 1,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    relevant: fb.relevant,
    irrelevant: fb.irrelevant,
    precision: judged ? Math.round((fb.relevant / judged) * 1000) / 1000 : null,
  };
}
export type PresentedQuery = ReturnType<typeof presentQuery>;
