/**
 * Compiles cue lists (data, editable per workspace) into one matcher. A cue ending in '*' is a
 * prefix ("obrigad*" = obrigado/obrigada); cues in space-separated languages match whole words
 * (phrases of up to a few words), Han/Kana/Thai cues match anywhere, since those scripts put no
 * spaces between words. Matching is by word lookup in a Map rather than one big regular
 * expression: with hundreds of cues that is ~10× faster.
 */
export interface CueMatch {
  cue: string;
  start: number;
  end: number;
}

const WORD_RE = /[\p{L}\p{M}\p{N}'’-]+/gu;
const EDGE = "'’-";
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

interface Word {
  w: string;
  start: number;
  end: number;
}

// Every matcher of a message tokenises the same text: keep the last result.
let lastText: string | undefined;
let lastWords: Word[] = [];

function words(lower: string): Word[] {
  if (lower === lastText) return lastWords;
  const out: Word[] = [];
  for (const m of lower.matchAll(WORD_RE)) {
    // Trim edge hyphens/apostrophes ("-please", "'sorry'") so they match cues.
    let s = m.index;
    let w = m[0];
    while (w.length && EDGE.includes(w[0])) {
      w = w.slice(1);
      s++;
    }
    while (w.length && EDGE.includes(w[w.length - 1])) w = w.slice(0, -1);
    if (w) out.push({ w, start: s, end: s + w.length });
  }
  lastText = lower;
  lastWords = out;
  return out;
}

export class CueMatcher {
  private readonly exact = new Map<string, string>();
  // Prefix cues by the first letter of their first word, so each word checks only a few.
  private readonly prefixes = new Map<string, string[][]>();
  private readonly anywhere: string[] = [];
  // First words of the exact cues: most words of a message start none, and are skipped at once.
  private readonly starts = new Set<string>();
  private maxWords = 1;

  constructor(cues: readonly string[]) {
    for (const raw of new Set(cues.map((c) => c.toLowerCase().trim()))) {
      if (!raw) continue;
      if (NO_SPACES.test(raw)) {
        this.anywhere.push(raw.replace(/\*$/, ''));
        continue;
      }
      const ws = words(raw.replace(/\*$/, '')).map((x) => x.w);
      if (!ws.length) continue;
      this.maxWords = Math.max(this.maxWords, ws.length);
      if (raw.endsWith('*')) {
        const list = this.prefixes.get(ws[0][0]) ?? [];
        list.push(ws);
        this.prefixes.set(ws[0][0], list);
      } else {
        this.exact.set(ws.join(' '), raw);
        this.starts.add(ws[0]);
      }
    }
    // Longest first, so "não recebi" is found before "não".
    this.anywhere.sort((a, b) => b.length - a.length);
  }

  /** Matches in `lower` (the text already lower-cased), without overlaps, longest phrase first. */
  all(lower: string): CueMatch[] {
    const out: CueMatch[] = [];
    const ws = words(lower);
    for (let i = 0; i < ws.length; ) {
      let hit: CueMatch | undefined;
      let used = 0;
      let phrase = '';
      const candidates: string[] = [];
      if (this.starts.has(ws[i].w))
        for (let k = 0; k < this.maxWords && i + k < ws.length; k++) candidates.push((phrase = k ? `${phrase} ${ws[i + k].w}` : ws[i].w));
      for (let k = candidates.length - 1; k >= 0 && !hit; k--) {
        const cue = this.exact.get(candidates[k]);
        if (cue) {
          hit = { cue, start: ws[i].start, end: ws[i + k].end };
          used = k + 1;
        }
      }
      if (!hit) {
        for (const p of this.prefixes.get(ws[i].w[0]) ?? []) {
          if (i + p.length > ws.length) continue;
          let ok = true;
          for (let k = 0; k < p.length - 1 && ok; k++) ok = ws[i + k].w === p[k];
          if (ok && ws[i + p.length - 1].w.startsWith(p[p.length - 1])) {
            hit = { cue: `${p.join(' ')}*`, start: ws[i].start, end: ws[i + p.length - 1].end };
            used = p.length;
            break;
          }
        }
      }
      if (hit) out.push(hit);
      i += hit ? used : 1;
    }
    if (this.anywhere.length && NO_SPACES.test(lower)) {
      const taken: Array<[number, number]> = [];
      for (const c of this.anywhere) {
        for (let at = lower.indexOf(c); at !== -1; at = lower.indexOf(c, at + c.length)) {
          if (taken.some(([s, e]) => at < e && at + c.length > s)) continue;
          taken.push([at, at + c.length]);
          out.push({ cue: c, start: at, end: at + c.length });
        }
      }
      out.sort((a, b) => a.start - b.start);
    }
    return out;
  }

  count(lower: string): number {
    return this.all(lower).length;
  }
}

/** Merges per-language lists into one list (messages mix languages; cues rarely collide). */
export const flatten = (byLang: Record<string, readonly string[]>): string[] => Object.values(byLang).flat();
