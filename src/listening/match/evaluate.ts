import { langMatches, urlHasPrefix } from '../fields.js';
import type { QueryNode, WordPattern } from '../query/ast.js';
import type { PostView } from './post-view.js';

/**
 * Evaluates a query's tree on one post. Positional nodes (words, phrases, tags, NEAR and OR-lists
 * of them) yield spans of word positions; NEAR compares spans, everything else only asks whether
 * there is one. Spans are flat arrays [start0, end0, start1, end1, …] sorted by start.
 */
export function evaluate(node: QueryNode, view: PostView): boolean {
  switch (node.kind) {
    case 'and':
      for (const c of node.children) if (!evaluate(c, view)) return false;
      return true;
    case 'or':
      for (const c of node.children) if (evaluate(c, view)) return true;
      return false;
    case 'not':
      return !evaluate(node.child, view);
    case 'field':
      return fieldMatches(node, view);
    case 'words':
    case 'near':
      return spans(node, view).length > 0;
  }
}

function fieldMatches(node: Extract<QueryNode, { kind: 'field' }>, view: PostView): boolean {
  const f = view.fields;
  switch (node.field) {
    case 'author':
      return f.author === node.value;
    case 'lang':
      return langMatches(f.lang, node.value);
    case 'source':
      return f.source === node.value;
    case 'site':
      return f.host === node.value || f.host.endsWith(`.${node.value}`);
    case 'url':
      return urlHasPrefix(f.url, node.value);
  }
}

const matchesWord = (p: WordPattern, word: string | undefined) => word !== undefined && (p.kind === 'word' ? p.text === word : p.re.test(word));

export function spans(node: QueryNode, view: PostView): number[] {
  if (node.kind === 'words') return node.tag ? tagSpans(node.words[0]!, view) : wordSpans(node.words, view);
  if (node.kind === 'near') return nearSpans(node, view);
  if (node.kind === 'or') {
    const parts = node.children.map((c) => spans(c, view)).filter((s) => s.length);
    return parts.length <= 1 ? (parts[0] ?? []) : sortSpans(parts.flat());
  }
  return []; // the parser lets only positional nodes reach here
}

function tagSpans(p: WordPattern, view: PostView): number[] {
  const { tags, tagStart, tagEnd } = view.tokens;
  const out: number[] = [];
  for (let i = 0; i < tags.length; i++) if (matchesWord(p, tags[i])) out.push(tagStart[i]!, tagEnd[i]!);
  return out;
}

function wordSpans(ws: WordPattern[], view: PostView): number[] {
  const words = view.tokens.words;
  const first = ws[0]!;
  let starts: number[];
  if (first.kind === 'word') starts = view.positions(first.text) ?? [];
  else {
    starts = [];
    for (let i = 0; i < words.length; i++) if (first.re.test(words[i]!)) starts.push(i);
  }
  const out: number[] = [];
  next: for (const p of starts) {
    for (let j = 1; j < ws.length; j++) if (!matchesWord(ws[j]!, words[p + j])) continue next;
    out.push(p, p + ws.length - 1);
  }
  return out;
}

/**
 * NEAR/n: a left span and a right span that do not overlap, with at most n words between them
 * (and, for NEAR/nf, left first). The result spans both, so NEAR nests: (a NEAR/2 b) NEAR/5 c.
 */
function nearSpans(node: Extract<QueryNode, { kind: 'near' }>, view: PostView): number[] {
  const l = spans(node.left, view);
  if (!l.length) return [];
  const r = spans(node.right, view);
  if (!r.length) return [];
  const n = node.distance;
  let longest = 0;
  for (let j = 0; j < r.length; j += 2) longest = Math.max(longest, r[j + 1]! - r[j]!);
  const out: number[] = [];
  let lo = 0;
  for (let i = 0; i < l.length; i += 2) {
    const as = l[i]!;
    const ae = l[i + 1]!;
    // Right spans starting this early end too early to be within n words before `as`.
    while (lo < r.length && r[lo]! < as - n - 1 - longest) lo += 2;
    for (let j = lo; j < r.length; j += 2) {
      const bs = r[j]!;
      if (bs > ae + n + 1) break;
      const be = r[j + 1]!;
      let gap: number;
      if (ae < bs) gap = bs - ae - 1;
      else if (!node.ordered && be < as) gap = as - be - 1;
      else continue; // overlapping, or in the wrong order for NEAR/nf
      if (gap <= n) out.push(Math.min(as, bs), Math.max(ae, be));
    }
  }
  return out.length > 2 ? sortSpans(out) : out;
}

function sortSpans(flat: number[]): number[] {
  const idx = Array.from({ length: flat.length / 2 }, (_, k) => k * 2);
  idx.sort((a, b) => flat[a]! - flat[b]! || flat[a + 1]! - flat[b + 1]!);
  return idx.flatMap((k) => [flat[k]!, flat[k + 1]!]);
}
