import { fold } from '../search/tokenize.js';
import { textMatcher, validateQuery } from '../listening/index.js';
import { invalid } from '../lib/errors.js';
import { priorityRank } from '../lib/priority.js';
import type { ConversationFacts } from './facts.js';
import type { Condition, Conditions, RuleInput } from './model.js';

/** Every `all` condition holds, and at least one `any` condition when there are some. */
export function conditionsMatch(c: Conditions, facts: ConversationFacts): boolean {
  return c.all.every((x) => conditionHolds(x, facts)) && (c.any.length === 0 || c.any.some((x) => conditionHolds(x, facts)));
}

/** The conditions that do not hold (for the dry run's "why not"). */
export const failingConditions = (c: Conditions, facts: ConversationFacts): Condition[] => {
  const failing = c.all.filter((x) => !conditionHolds(x, facts));
  if (c.any.length && !c.any.some((x) => conditionHolds(x, facts))) failing.push(...c.any);
  return failing;
};

const inOrNot = (op: 'in' | 'not_in', list: readonly string[], v: string | null | undefined) =>
  op === 'in' ? v != null && list.includes(v) : v == null || !list.includes(v);
const compare = (op: 'gte' | 'lte' | 'eq', a: number, b: number) => (op === 'gte' ? a >= b : op === 'lte' ? a <= b : a === b);
const truthy = (v: unknown) => v === true || v === 1 || (typeof v === 'string' && ['true', 'yes', '1'].includes(v.trim().toLowerCase()));

/**
 * One condition against the facts. Triage conditions (language, sentiment, intent, needs-reply,
 * troll score, PII, text) read the latest customer message; where there is none, or it is not
 * analysed, they do not hold (a "not in" does not hold either: unknown is not a match).
 */
export function conditionHolds(c: Condition, f: ConversationFacts): boolean {
  const conv = f.conversation;
  const m = f.latest;
  switch (c.field) {
    case 'channel':
      return inOrNot(c.op, c.value, conv.channel_id);
    case 'channel_type':
      return inOrNot(c.op, c.value, f.channelType);
    case 'kind':
      return inOrNot(c.op, c.value, conv.kind);
    case 'visibility':
      return conv.visibility === c.value;
    case 'language': {
      const lang = m?.language ?? conv.language;
      return lang != null && inOrNot(c.op, c.value, lang);
    }
    case 'sentiment':
      return m?.sentiment != null && inOrNot(c.op, c.value, m.sentiment);
    case 'intent': {
      if (m?.intent == null) return false;
      const sure = c.minConfidence === undefined || (m.intentConfidence ?? 0) >= c.minConfidence;
      return c.op === 'in' ? sure && c.value.includes(m.intent as never) : !(sure && c.value.includes(m.intent as never));
    }
    case 'needs_reply':
      return m?.needsReply != null && m.needsReply === c.value;
    case 'troll_score':
      return m?.trollScore != null && (c.op === 'gte' ? m.trollScore >= c.value : m.trollScore <= c.value);
    case 'pii_found': {
      if (!m?.enriched) return false;
      const found = c.types ? m.pii.some((t) => c.types!.includes(t as never)) : m.pii.length > 0;
      return found === c.value;
    }
    case 'text': {
      if (!m) return c.op === 'not_contains';
      const text = textOf(f, m.body);
      if (c.op === 'matches') return text.matches(c.value);
      const has = containsWords(text.folded, c.value);
      return c.op === 'contains' ? has : !has;
    }
    case 'contact_attribute':
      return attributeHolds(c, f.contactAttributes[c.key]);
    case 'tags': {
      const wanted = c.value.map((t) => t.trim().toLowerCase());
      if (c.op === 'any') return wanted.some((t) => f.tags.has(t));
      if (c.op === 'all') return wanted.every((t) => f.tags.has(t));
      return !wanted.some((t) => f.tags.has(t));
    }
    case 'priority': {
      const want = priorityRank(c.value);
      return c.op === 'eq' ? conv.priority === want : c.op === 'neq' ? conv.priority !== want : compare(c.op, conv.priority, want);
    }
    case 'team':
    case 'assignee': {
      const v = c.field === 'team' ? conv.team_id : conv.assignee_id;
      if (c.op === 'set') return v !== null;
      if (c.op === 'not_set') return v === null;
      return inOrNot(c.op, c.value ?? [], v);
    }
    case 'status':
      return inOrNot(c.op, c.value, conv.status);
    case 'business_hours':
      return f.inBusinessHours === (c.value === 'in');
    case 'vip':
      return truthy(f.contactAttributes.vip) === c.value;
    case 'message_count':
      return compare(c.op, c.of === 'all' ? f.allMessages : f.customerMessages, c.value);
    case 'previous_csat':
      if (c.op === 'missing') return f.previousCsat === null;
      return f.previousCsat !== null && compare(c.op, f.previousCsat, c.value!);
  }
}

/** "contains" for plain words: every word of the phrase, folded like search (case, accents). */
/**
 * The latest message's text, prepared once per facts (many rules read the same message): folded
 * for "contains", tokenized for "matches".
 */
const prepared = new WeakMap<ConversationFacts, { folded: string; matches: (query: string) => boolean }>();
function textOf(f: ConversationFacts, body: string) {
  let t = prepared.get(f);
  if (!t) prepared.set(f, (t = { folded: fold(body), matches: textMatcher(body) }));
  return t;
}

function containsWords(text: string, words: string): boolean {
  return fold(words)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => text.includes(w));
}

function attributeHolds(c: Extract<Condition, { field: 'contact_attribute' }>, v: unknown): boolean {
  const set = v !== undefined && v !== null && v !== '';
  if (c.op === 'set') return set;
  if (c.op === 'not_set') return !set;
  if (!set) return c.op === 'neq';
  const want = c.value!;
  if (c.op === 'gte' || c.op === 'lte') {
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) && compare(c.op, n, Number(want));
  }
  const same = typeof want === 'boolean' ? truthy(v) === want : String(v).trim().toLowerCase() === String(want).trim().toLowerCase();
  if (c.op === 'eq') return same;
  if (c.op === 'neq') return !same;
  return String(v).toLowerCase().includes(String(want).toLowerCase());
}

/** Checks what the schema cannot: a "matches" condition must be a valid listening query. */
export function checkRule(rule: Pick<RuleInput, 'conditions'>): void {
  for (const group of ['all', 'any'] as const)
    for (const [i, c] of rule.conditions[group].entries()) {
      if (c.field !== 'text' || c.op !== 'matches') continue;
      try {
        validateQuery(c.value);
      } catch (err) {
        throw invalid(`conditions.${group}.${i}.value`, `not a valid query: ${(err as Error).message}`);
      }
    }
}
