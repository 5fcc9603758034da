import type { App } from '../app.js';
import type { RulesFile } from './model.js';
import { loadRules } from './store.js';

/** The workspace's rules as a JSON file (no ids: importing it elsewhere creates new rules), in order. */
export async function exportRules(app: App, workspaceId: string): Promise<RulesFile> {
  const rules = await loadRules(app.store.db, workspaceId);
  return {
    version: 1,
    rules: rules
      .filter((r) => !r.broken)
      .map((r) => ({
        name: r.name,
        enabled: r.enabled,
        trigger: r.trigger,
        conditions: r.conditions,
        actions: r.actions,
        stopProcessing: r.stopProcessing,
        triggersOtherRules: r.triggersOtherRules,
      })),
  };
}
