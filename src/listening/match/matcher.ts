import { hostSuffixes } from '../fields.js';
import type { QueryNode } from '../query/ast.js';
import { parseQuery } from '../query/parser.js';
import { QueryError } from '../query/query-error.js';
import { foldFast, textForm } from '../text-forms.js';
import { type Anchor, anchorsOf, fieldKey, type KeyRates } from './anchors.js';
import { evaluate } from './evaluate.js';
import { type Post, type PostTokens, PostView, postFields, tokenizePost } from './post-view.js';

/** A saved query to run. `id` is the caller's (the matcher does not know about workspaces). */
export interface QueryInput {
  id: string;
  query: string;
  /** Diacritics significant ("phở" ≠ "pho"); default false. */
  accentSensitive?: boolean;
}

interface Entry {
  id: string;
  ast: QueryNode;
  accentSensitive: boolean;
  anchors: Anchor[];
  /** The match() call that last made this entry a candidate: dedupes without a Set per post. */
  stamp: number;
}

export interface CompileOptions {
  /**
   * Called for a query that no longer parses (say, after a limit changed) instead of throwing,
   * so one bad saved query cannot stop listening for everyone; the query is left out.
   */
  onInvalid?: (id: string, error: QueryError) => void;
  /** Count the words of one post in this many to learn word rates (default 16; 0: never). */
  sampleEvery?: number;
}

/** Learned rates are trusted from this many sampled posts (reanchor() uses them from then on)… */
const MIN_SAMPLES = 100;
/** …and all queries are re-anchored by themselves at this many, 10× and 100× that. */
const FIRST_REANCHOR = 500;
/** Memory bound of the word statistics; words first seen after that count as rare. */
const MAX_STAT_KEYS = 300_000;

/**
 * All active queries of all workspaces in one index: anchor key → queries (anchors.ts). A post's
 * text is folded and tokenized once, each word is looked up once (plus its 3-letter prefix when
 * some query has a wildcard), and only the queries found that way are evaluated. The cost of a
 * post is its length plus the queries it could match, not the number of queries.
 */
export class Matcher {
  private readonly byKey = new Map<string, Entry[]>();
  private readonly byPrefix = new Map<string, Entry[]>();
  private readonly entries = new Map<string, Entry>();
  private stamp = 0;
  /** Word statistics of sampled posts, so each query is anchored on its rarest words. */
  private readonly counts = new Map<string, number>();
  private sampled = 0;
  private scanned = 0;
  private nextReanchor = FIRST_REANCHOR;
  private readonly sampleEvery: number;

  constructor(private readonly options: CompileOptions = {}) {
    this.sampleEvery = options.sampleEvery ?? 16;
  }

  /** Posts per 1,000 carrying a key, once enough posts were sampled; the prior before. */
  private readonly rates: KeyRates = (key) => (this.sampled < MIN_SAMPLES ? undefined : (((this.counts.get(key) ?? 0) + 0.5) / this.sampled) * 1000);

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /**
   * Adds a query, or replaces the one with the same id. Throws the QueryError (with the query id
   * in its message) unless onInvalid was given; returns whether the query was added.
   */
  add(input: QueryInput): boolean {
    let entry: Entry;
    try {
      const parsed = parseQuery(input.query, { accentSensitive: input.accentSensitive });
      entry = { id: input.id, ast: parsed.ast, accentSensitive: parsed.accentSensitive, anchors: anchorsOf(parsed.ast, this.rates), stamp: 0 };
    } catch (e) {
      if (!(e instanceof QueryError)) throw e;
      if (!this.options.onInvalid) throw new QueryError(e.position, `query ${input.id}: ${e.problem}`, e.expected);
      this.options.onInvalid(input.id, e);
      return false;
    }
    this.remove(input.id);
    this.entries.set(entry.id, entry);
    this.index(entry);
    return true;
  }

  /** Removes a query; cost is the length of its anchors' lists. */
  remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    this.unindex(entry);
    return true;
  }

  /**
   * Re-chooses every query's anchors with the word rates learned so far. Runs by itself after
   * 500, 5,000 and 50,000 sampled posts; answers never change, only how many queries are tried.
   */
  reanchor(): void {
    for (const e of this.entries.values()) {
      this.unindex(e);
      e.anchors = anchorsOf(e.ast, this.rates);
      this.index(e);
    }
  }

  private index(entry: Entry): void {
    for (const a of entry.anchors) {
      const map = a.prefix ? this.byPrefix : this.byKey;
      const list = map.get(a.key);
      if (list) list.push(entry);
      else map.set(a.key, [entry]);
    }
  }

  private unindex(entry: Entry): void {
    for (const a of entry.anchors) {
      const map = a.prefix ? this.byPrefix : this.byKey;
      const list = map.get(a.key)!.filter((e) => e !== entry);
      if (list.length) map.set(a.key, list);
      else map.delete(a.key);
    }
  }

  private learn(tokens: PostTokens): void {
    const { counts } = this;
    const full = counts.size >= MAX_STAT_KEYS;
    for (const list of [tokens.words, tokens.tags]) {
      for (const w of list) {
        const n = counts.get(w);
        if (n !== undefined) counts.set(w, n + 1);
        else if (!full) counts.set(w, 1);
      }
    }
    if (++this.sampled >= this.nextReanchor) {
      this.nextReanchor = this.nextReanchor < FIRST_REANCHOR * 100 ? this.nextReanchor * 10 : Infinity;
      this.reanchor();
    }
  }

  /** Ids of the queries the post matches, in no particular order. */
  match(post: Post): string[] {
    const tokens = tokenizePost(foldFast(post.text));
    if (this.sampleEvery && ++this.scanned % this.sampleEvery === 0) this.learn(tokens);
    const fields = postFields(post);
    const candidates = this.candidateEntries(tokens, fields);
    if (!candidates.length) return [];
    const folded = new PostView(tokens, fields);
    let exact: PostView | undefined;
    const out: string[] = [];
    for (const e of candidates) {
      const view = e.accentSensitive ? (exact ??= new PostView(tokenizePost(textForm(post.text, true)), fields)) : folded;
      if (evaluate(e.ast, view)) out.push(e.id);
    }
    return out;
  }

  /**
   * Ids of the queries the prefilter would evaluate for this post: a superset of match(). For
   * diagnostics, tests of the prefilter and the bench's "scan only" ceiling.
   */
  candidates(post: Post): string[] {
    return this.candidateEntries(tokenizePost(foldFast(post.text)), postFields(post)).map((e) => e.id);
  }

  private candidateEntries(tokens: PostTokens, fields: ReturnType<typeof postFields>): Entry[] {
    const stamp = ++this.stamp;
    const out: Entry[] = [];
    const take = (list: Entry[] | undefined) => {
      if (!list) return;
      for (const e of list) {
        if (e.stamp === stamp) continue;
        e.stamp = stamp;
        out.push(e);
      }
    };
    const { byKey, byPrefix } = this;
    const prefixes = byPrefix.size > 0;
    for (const w of tokens.words) {
      take(byKey.get(w));
      if (prefixes && w.length >= 3) take(byPrefix.get(w.slice(0, 3)));
    }
    for (const t of tokens.tags) {
      take(byKey.get(t));
      if (prefixes && t.length >= 4) take(byPrefix.get(t.slice(0, 4)));
    }
    if (fields.author) take(byKey.get(fieldKey('author', fields.author)));
    if (fields.source) take(byKey.get(fieldKey('source', fields.source)));
    if (fields.lang) {
      take(byKey.get(fieldKey('lang', fields.lang)));
      const primary = fields.lang.split('-', 1)[0]!;
      if (primary !== fields.lang) take(byKey.get(fieldKey('lang', primary)));
    }
    if (fields.host) for (const h of hostSuffixes(fields.host)) take(byKey.get(fieldKey('site', h)));
    return out;
  }
}

/** Compiles saved queries into one matcher (see Matcher); add and remove keep it current. */
export function compileQueries(queries: Iterable<QueryInput>, options: CompileOptions = {}): Matcher {
  const m = new Matcher(options);
  for (const q of queries) m.add(q);
  return m;
}
