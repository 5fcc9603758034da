import type { App } from '../app.js';
import type { ToneRuleTable } from '../store/schema.js';
import { DEFAULT_TONE_RULES, TONE_KINDS, toneCueKey, type ToneKind, type ToneRules } from './tone-rules.js';

/**
 * A workspace's tone rules on top of the built-in lists (tone-rules.ts). Each row names a
 * language, a kind (dismissive, blame, apology), a phrase (a trailing * = any ending) and an
 * optional reason shown to the agent; `enabled = 0` switches a phrase off — including a built-in
 * one, so a shop whose customers say "just" kindly can drop it. Deleting the row restores the
 * built-in behaviour.
 */
export interface ToneRuleView {
  id: string | null;
  language: string;
  kind: ToneKind;
  phrase: string;
  reason: string | null;
  enabled: boolean;
  builtIn: boolean;
  updatedAt: string | null;
}

export function presentToneRule(r: ToneRuleTable, builtIn: boolean): ToneRuleView {
  return {
    id: r.id,
    language: r.language,
    kind: r.kind,
    phrase: r.phrase,
    reason: r.reason,
    enabled: r.enabled === 1,
    builtIn,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const isBuiltIn = (language: string, kind: ToneKind, phrase: string) => (DEFAULT_TONE_RULES[language]?.[kind] ?? []).some((p) => toneCueKey(p) === phrase);

const rowsOf = (app: App, workspaceId: string) => app.store.db.selectFrom('tone_rules').selectAll().where('workspace_id', '=', workspaceId).execute();

/** Every rule the workspace's composer applies or could switch on: built-in ones (with any override) and its own. */
export async function listToneRules(app: App, workspaceId: string, language?: string): Promise<ToneRuleView[]> {
  const rows = await rowsOf(app, workspaceId);
  const byKey = new Map(rows.map((r) => [`${r.language}|${r.kind}|${r.phrase}`, r]));
  const out: ToneRuleView[] = [];
  for (const [lang, lists] of Object.entries(DEFAULT_TONE_RULES)) {
    for (const kind of TONE_KINDS) {
      for (const p of lists[kind]) {
        const phrase = toneCueKey(p);
        const row = byKey.get(`${lang}|${kind}|${phrase}`);
        if (row) byKey.delete(`${lang}|${kind}|${phrase}`);
        out.push(row ? presentToneRule(row, true) : { id: null, language: lang, kind, phrase, reason: null, enabled: true, builtIn: true, updatedAt: null });
      }
    }
  }
  for (const r of byKey.values()) out.push(presentToneRule(r, false));
  const filtered = language ? out.filter((r) => r.language === language) : out;
  // The workspace's own rules first, then the built-in ones; each by language, kind, phrase.
  return filtered.sort(
    (a, b) => Number(a.builtIn) - Number(b.builtIn) || a.language.localeCompare(b.language) || a.kind.localeCompare(b.kind) || a.phrase.localeCompare(b.phrase),
  );
}

export { isBuiltIn };

// Compiled rule sets per workspace, reused while its rows are unchanged (the tone checker caches
// matchers by object identity, so the same object means no recompiling on every keystroke).
const cache = new Map<string, { stamp: string; rules: Record<string, ToneRules> }>();

/** The lists the tone check uses for this workspace, per language (built-in ∪ own − switched off). */
export async function effectiveToneRules(app: App, workspaceId: string): Promise<Record<string, ToneRules>> {
  const rows = await rowsOf(app, workspaceId);
  const stamp = rows
    .map((r) => `${r.id}:${r.updated_at}`)
    .sort()
    .join(',');
  const hit = cache.get(workspaceId);
  if (hit && hit.stamp === stamp) return hit.rules;
  const rules: Record<string, ToneRules> = {};
  for (const [lang, lists] of Object.entries(DEFAULT_TONE_RULES))
    rules[lang] = { dismissive: [...lists.dismissive], blame: [...lists.blame], apology: [...lists.apology], reasons: {} };
  for (const r of rows) {
    const lists = (rules[r.language] ??= { dismissive: [], blame: [], apology: [], reasons: {} });
    const key = toneCueKey(r.phrase);
    if (r.enabled) {
      if (!lists[r.kind].some((p) => toneCueKey(p) === key)) lists[r.kind].push(r.phrase);
      if (r.reason) lists.reasons![key] = r.reason;
    } else {
      lists[r.kind] = lists[r.kind].filter((p) => toneCueKey(p) !== key);
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(workspaceId, { stamp, rules });
  return rules;
}
