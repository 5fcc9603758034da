import { fold, indexTerms } from '../../search/tokenize.js';
import { CJK_CHAR } from '../text-forms.js';
import type { ReportMention, ReportQuery } from './load-mentions.js';
import { dayIndex, type ReportRange } from './range.js';
import { addSentiment, emptyMix, type SentimentMix } from './sentiment.js';
import { STOP_WORDS } from './stop-words.js';

export interface VolumeSeries {
  queryId: string;
  name: string;
  kind: ReportQuery['kind'];
  days: Array<{ date: string; mentions: number } & SentimentMix>;
}

/** Mentions per query per local day, with each day's sentiment mix. */
export function volumeOverTime(range: ReportRange, queries: ReportQuery[], rows: ReportMention[]): VolumeSeries[] {
  const series = new Map(
    queries.map((q) => [q.id, { queryId: q.id, name: q.name, kind: q.kind, days: range.days.map((d) => ({ date: d.date, mentions: 0, ...emptyMix() })) }]),
  );
  for (const r of rows) {
    const day = series.get(r.queryId)?.days[dayIndex(range, r.postedAt)];
    if (!day) continue;
    day.mentions++;
    addSentiment(day, r.sentiment);
  }
  return [...series.values()];
}

export interface VoiceShare extends SentimentMix {
  queryId: string;
  name: string;
  kind: ReportQuery['kind'];
  mentions: number;
  /** mentions / the sum of every covered query's mentions, 0..1 (0 when there are none). */
  share: number;
}

/**
 * Share of voice among the covered brand and competitor queries. A post that matched two of them
 * counts for each (it is a mention of both), so the shares add up to 1 over the queries.
 */
export function shareOfVoice(queries: ReportQuery[], rows: ReportMention[]): VoiceShare[] {
  const by = new Map(queries.map((q) => [q.id, { queryId: q.id, name: q.name, kind: q.kind, mentions: 0, share: 0, ...emptyMix() }]));
  for (const r of rows) {
    const s = by.get(r.queryId);
    if (!s) continue;
    s.mentions++;
    addSentiment(s, r.sentiment);
  }
  const total = rows.length;
  const out = [...by.values()];
  for (const s of out) s.share = total ? s.mentions / total : 0;
  return out.sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));
}

/** Each mention once, even when it matched several covered queries. */
function distinct(rows: ReportMention[]): ReportMention[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.mentionId) ? false : (seen.add(r.mentionId), true)));
}

export interface TopAuthor extends SentimentMix {
  author: string;
  authorName: string | null;
  source: string;
  mentions: number;
}

/** Authors with the most mentions; the same handle on two sources is two authors. */
export function topAuthors(rows: ReportMention[], limit: number): TopAuthor[] {
  const by = new Map<string, TopAuthor>();
  for (const r of distinct(rows)) {
    if (!r.author) continue;
    const key = `${r.source}\u0000${r.author}`;
    let a = by.get(key);
    if (!a) by.set(key, (a = { author: r.author, authorName: r.authorName, source: r.source, mentions: 0, ...emptyMix() }));
    a.mentions++;
    addSentiment(a, r.sentiment);
  }
  return [...by.values()].sort((a, b) => b.mentions - a.mentions || a.author.localeCompare(b.author) || a.source.localeCompare(b.source)).slice(0, limit);
}

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
const HANDLE_RE = /(?<![\p{L}\p{M}\p{N}_])@[\p{L}\p{M}\p{N}_]+(?:\.[\p{L}\p{M}\p{N}_]+)*/gu;

/**
 * The terms of one post for the report: the search tokenizer's terms (folded, CJK as bigrams)
 * without links, @handles, stop-words, numbers and one- or two-letter words (CJK terms are kept:
 * two characters are a word there).
 */
export function reportTerms(text: string): string[] {
  const terms = indexTerms(text.replace(URL_RE, ' ').replace(HANDLE_RE, ' '));
  const out = new Set<string>();
  for (const t of terms) {
    const cjk = CJK_CHAR.test(t);
    if (cjk ? [...t].length < 2 : t.length < 3) continue;
    if (/^\p{N}+$/u.test(t) || STOP_WORDS.has(t)) continue;
    out.add(t);
  }
  return [...out];
}

export interface TopTerm {
  /** The term as people wrote it (lowercase, accents kept: "reembolsó"), its most frequent spelling. */
  term: string;
  /** The folded form the mentions were counted under ("reembolso"): the search tokenizer's term. */
  folded: string;
  /** Mentions whose text holds the term (a term counts once per mention). */
  mentions: number;
}

/**
 * Each word of a text with its folded form: "Não" → ["nao", "não"]. Words are counted under the
 * folded form (so "café" and "cafe" are one term), but a reader should see the word as written.
 */
function spellings(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const m of text
    .replace(URL_RE, ' ')
    .replace(HANDLE_RE, ' ')
    .matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
    const word = m[0];
    if (CJK_CHAR.test(word)) continue; // CJK terms are bigrams, already as written
    const folded = fold(word);
    if (/^[\p{L}\p{N}]+$/u.test(folded)) out.push([folded, word.toLowerCase()]);
  }
  return out;
}

export function topTerms(rows: ReportMention[], limit: number): TopTerm[] {
  const counts = new Map<string, number>();
  const written = new Map<string, Map<string, number>>();
  for (const r of distinct(rows)) {
    const terms = reportTerms(r.text);
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    const wanted = new Set(terms);
    for (const [folded, word] of spellings(r.text)) {
      if (!wanted.has(folded)) continue;
      let forms = written.get(folded);
      if (!forms) written.set(folded, (forms = new Map()));
      forms.set(word, (forms.get(word) ?? 0) + 1);
    }
  }
  const display = (folded: string) => {
    const forms = [...(written.get(folded) ?? [])];
    // the most frequent spelling; on a tie the one with accents, then the first in code order
    forms.sort((a, b) => b[1] - a[1] || Number(b[0] !== folded) - Number(a[0] !== folded) || (a[0] < b[0] ? -1 : 1));
    return forms[0]?.[0] ?? folded;
  };
  return [...counts]
    .map(([folded, mentions]) => ({ term: display(folded), folded, mentions }))
    .sort((a, b) => b.mentions - a.mentions || (a.folded < b.folded ? -1 : a.folded > b.folded ? 1 : 0))
    .slice(0, limit);
}
