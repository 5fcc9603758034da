import { parseJson } from '../lib/json.js';
import type { MacroTable } from '../store/schema.js';
import type { MacroAction } from './model.js';

export const presentMacro = (m: MacroTable) => ({
  id: m.id,
  name: m.name,
  description: m.description,
  shared: m.user_id === null,
  ownerId: m.user_id,
  actions: parseJson<MacroAction[]>(m.actions, []),
  appliedCount: Number(m.applied_count),
  lastAppliedAt: m.last_applied_at === null ? null : new Date(Number(m.last_applied_at)).toISOString(),
  updatedAt: new Date(Number(m.updated_at)).toISOString(),
});
export type MacroView = ReturnType<typeof presentMacro>;
