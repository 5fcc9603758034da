import type { App } from '../app.js';
import { listAttributeDefs } from '../contacts/attribute-defs.js';
import { loadHoursRows } from '../hours/load-schedules.js';
import { invalid } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { group, present, type Filters } from './aggregate.js';
import { defaultZone, loadFacts } from './compute-metrics.js';
import type { CycleFact } from './cycles.js';
import { METRICS, type TimeMode } from './definitions.js';
import { resolvePeriod } from './period.js';

const NONE = 'none';
const CHUNK = 500;

/**
 * The metrics table with one row per value of a contact attribute (a select's options, or
 * yes/no), e.g. response and resolution for "plan = enterprise" beside "plan = free". The same
 * facts and rules as the dashboard (docs/metrics.md), split by the value the customer's contact
 * holds now — an attribute is a fact about the person, not about a past conversation, so a
 * contact moved to another plan moves with all their history. Contacts without a value form
 * the "none" row.
 */
export async function metricsByAttribute(
  app: App,
  input: { workspaceId: string; key: string; from?: string; to?: string; time: TimeMode; timeZone?: string; filters?: Filters },
) {
  const db = app.store.db;
  const def = (await listAttributeDefs(db, input.workspaceId)).find((d) => d.key === input.key);
  if (!def) throw invalid('key', 'no contact attribute has this key: define it in Settings → Contact attributes');
  if (def.type !== 'select' && def.type !== 'boolean')
    throw invalid('key', `"${def.label}" is a ${def.type} attribute: only select and yes/no attributes split a report into rows`);
  const filters = input.filters ?? {};
  const timeZone = input.timeZone ?? defaultZone(await loadHoursRows(db, input.workspaceId), app.now());
  const { from, to } = resolvePeriod(input, timeZone, app.now());
  const facts = await loadFacts(app, { workspaceId: input.workspaceId, from, to, filters });

  // Conversation → its contact's value, read in chunks (a long period may hold many conversations).
  const ids = [...new Set(facts.map((f) => f.conversationId))];
  const valueByConversation = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select(['conversations.id as id', 'contacts.attributes as attributes'])
      .where('conversations.workspace_id', '=', input.workspaceId)
      .where('conversations.id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) {
      const v = parseJson<Record<string, unknown>>(r.attributes, {})[def.key];
      valueByConversation.set(r.id, v === undefined || v === null || v === '' ? NONE : String(v));
    }
  }
  const byValue = new Map<string, CycleFact[]>();
  for (const f of facts) {
    const v = valueByConversation.get(f.conversationId) ?? NONE;
    const list = byValue.get(v);
    if (list) list.push(f);
    else byValue.set(v, [f]);
  }
  const order = def.type === 'select' ? def.options : ['true', 'false'];
  const values = [...order, ...[...byValue.keys()].filter((v) => v !== NONE && !order.includes(v)).sort(), NONE];
  const spec = { from, to, by: [], time: input.time, timeZone, filters };
  const rows = values
    .filter((v) => byValue.has(v))
    .map((value) => ({ value, metrics: present(group(byValue.get(value)!, spec), input.time, app.now()).total.metrics }));
  return {
    key: def.key,
    label: def.label,
    type: def.type,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    time: input.time,
    timeZone,
    filters,
    metrics: METRICS.map(({ key, label, unit }) => ({ key, label, unit })),
    rows,
    definitions: 'docs/metrics.md',
  };
}
