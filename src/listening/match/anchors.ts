import { fold } from '../../search/tokenize.js';
import { hostOf } from '../fields.js';
import type { QueryNode, WordPattern } from '../query/ast.js';
import { QueryError } from '../query/query-error.js';

/**
 * An anchor is a key that every post matching the query must produce: a folded word, a hashtag
 * or handle, a field value, or (prefix) the first three folded letters of a wildcard word. A
 * query is evaluated only on posts that produce one of its anchors, so the set must be sound:
 * AND needs the anchors of one child (we take the cheapest), OR those of every child, NEAR those
 * of one side, a phrase one of its words. NOT gives none: a query whose match can rest on an
 * absence alone ("-foo", "foo OR -bar") would match almost every post and is refused.
 */
export interface Anchor {
  key: string;
  prefix: boolean;
}

/** Keys of field anchors start with a control character so they never collide with words. */
export const fieldKey = (field: string, value: string) => `\u0001${field}=${value}`;

/**
 * Selectivity: the expected number of posts per 1,000 that carry a key. The matcher learns word
 * rates from the posts it scans (KeyRates); before that, and for words it has not seen, a prior:
 * common short words are frequent, long words rare.
 */
export type KeyRates = (key: string) => number | undefined;

const STOP = new Set(
  (
    'the a an and or of to in on for is it i you my me we at be this that with not no are was have has do can your our from but so just ' +
    'de da do que e o os as em um uma para com não nao no na por se ' +
    've bir bu da için icin ile ne çok cok ' +
    'và va của cua là la có co không khong được duoc cho các cac những nhung người nguoi một mot ' +
    '的 是 了 不 我 在 人 有 这 一 你 们 个 和 就 也 都 说 要 ' +
    'և է ու որ մեր այս'
  )
    .split(' ')
    .map((w) => fold(w)),
);

function priorRate(key: string): number {
  if (STOP.has(key)) return 300;
  const len = [...key].length;
  return len >= 6 ? 2 : len >= 4 ? 5 : len === 3 ? 15 : len === 2 ? 40 : 60;
}

const FIELD_COST = { author: 0.5, site: 2, url: 2, lang: 300, source: 500 } as const;
const PREFIX_COST = 20;

type Cover = { anchors: Anchor[]; cost: number } | { fail: number };

/** The query's anchors; throws a QueryError when it has none. */
export function anchorsOf(ast: QueryNode, rates: KeyRates = () => undefined): Anchor[] {
  const c = cover(ast, rates);
  if ('fail' in c) {
    throw new QueryError(
      c.fail,
      'nothing to look for',
      'a word, phrase, #hashtag, @handle or field that matching posts contain, besides what NOT/- excludes (exclusions alone would match almost every post)',
    );
  }
  const seen = new Set<string>();
  return c.anchors.filter((a) => {
    const id = `${a.prefix ? 'p' : 'k'}${a.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function cover(node: QueryNode, rates: KeyRates): Cover {
  switch (node.kind) {
    case 'words': {
      // One word of the sequence is enough; take the rarest-looking.
      let best: { anchors: Anchor[]; cost: number } | undefined;
      for (const w of node.words) {
        const a = wordAnchor(w, node.tag, rates);
        if (!best || a.cost < best.cost) best = a;
      }
      return best!;
    }
    case 'field': {
      const value = node.field === 'url' ? hostOf(node.value) : node.value;
      return { anchors: [{ key: fieldKey(node.field === 'url' ? 'site' : node.field, value), prefix: false }], cost: FIELD_COST[node.field] };
    }
    case 'not':
      return { fail: node.pos };
    case 'near':
      return cheapest([cover(node.left, rates), cover(node.right, rates)]);
    case 'and':
      return cheapest(node.children.map((c) => cover(c, rates)));
    case 'or': {
      const anchors: Anchor[] = [];
      let cost = 0;
      for (const child of node.children) {
        const c = cover(child, rates);
        if ('fail' in c) return c;
        anchors.push(...c.anchors);
        cost += c.cost;
      }
      return { anchors, cost };
    }
  }
}

function cheapest(covers: Cover[]): Cover {
  let best: Cover | undefined;
  for (const c of covers) {
    if ('fail' in c) continue;
    if (!best || ('cost' in best && c.cost < best.cost)) best = c;
  }
  return best ?? covers.find((c) => 'fail' in c)!;
}

function wordAnchor(w: WordPattern, tag: string, rates: KeyRates): { anchors: Anchor[]; cost: number } {
  if (w.kind === 'word') {
    // Accent-sensitive words are kept unfolded for evaluation; the prefilter scans folded text.
    const key = tag ? tag + fold(w.text.slice(1)) : fold(w.text);
    return { anchors: [{ key, prefix: false }], cost: rates(key) ?? (tag ? 1 : priorRate(key)) };
  }
  const literal = tag ? w.prefix.slice(1) : w.prefix;
  const key = tag + fold(literal).slice(0, 3);
  return { anchors: [{ key, prefix: true }], cost: tag ? PREFIX_COST / 4 : PREFIX_COST };
}
