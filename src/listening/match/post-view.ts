import { hostOf, normAuthor, normLang, normSource, normUrl } from '../fields.js';
import { CJK_CHAR, CJK_SPLIT, TAG_RE, WORD_RE, textForm } from '../text-forms.js';

/** A post as listening sees it: its text and the fields that field operators look at. */
export interface Post {
  text: string;
  /** Handle or name of whoever wrote it ("@ana_lima" and "ana_lima" are the same). */
  author?: string;
  /** Language code, "pt" or "pt-BR". */
  lang?: string;
  /** Where the post lives; site:/url: look at this, not at links inside the text. */
  url?: string;
  /** Which source found it: "x", "reddit", "rss", "mastodon", "bluesky", "youtube"… */
  source?: string;
}

/**
 * The words of a text in order (their index is the position NEAR counts in) and its hashtags and
 * handles, each spanning the words it is made of ("#black_friday" spans "black" "friday").
 */
export interface PostTokens {
  words: string[];
  tags: string[];
  tagStart: number[];
  tagEnd: number[];
}

/** Tokenizes text already in its form (text-forms.ts). One pass of one regex for words. */
export function tokenizePost(form: string): PostTokens {
  const words: string[] = [];
  const offsets: number[] = [];
  const hasCjk = CJK_CHAR.test(form);
  // Shared global regexes, reset first: nothing can run between two exec calls.
  const wordRe = WORD_RE;
  wordRe.lastIndex = 0;
  for (let m = wordRe.exec(form); m; m = wordRe.exec(form)) {
    const w = m[0];
    if (hasCjk && CJK_CHAR.test(w)) {
      let off = m.index;
      for (const part of w.match(CJK_SPLIT)!) {
        words.push(part);
        offsets.push(off);
        off += part.length;
      }
    } else {
      words.push(w);
      offsets.push(m.index);
    }
  }
  const tags: string[] = [];
  const tagStart: number[] = [];
  const tagEnd: number[] = [];
  if (form.includes('#') || form.includes('@')) {
    const tagRe = TAG_RE;
    tagRe.lastIndex = 0;
    let k = 0;
    for (let m = tagRe.exec(form); m; m = tagRe.exec(form)) {
      const start = m.index + 1;
      const end = m.index + m[0].length;
      while (k < offsets.length && offsets[k]! < start) k++;
      let e = k;
      while (e < offsets.length && offsets[e]! < end) e++;
      if (e === k) continue; // "#___": no word inside, nothing to span
      tags.push(m[0]);
      tagStart.push(k);
      tagEnd.push(e - 1);
    }
  }
  return { words, tags, tagStart, tagEnd };
}

/** Post fields normalized once per post, the way fields.ts normalizes query values. */
export interface PostFields {
  author: string;
  lang: string;
  source: string;
  url: string;
  host: string;
}

export function postFields(post: Post): PostFields {
  const url = post.url ? normUrl(post.url) : '';
  return {
    author: post.author ? normAuthor(post.author) : '',
    lang: post.lang ? normLang(post.lang) : '',
    source: post.source ? normSource(post.source) : '',
    url,
    host: url ? hostOf(url) : '',
  };
}

/** What evaluation reads: tokens, a lazily built word → positions index, and the fields. */
export class PostView {
  private index: Map<string, number[]> | undefined;

  constructor(
    readonly tokens: PostTokens,
    readonly fields: PostFields,
  ) {}

  /** Positions of a word, ascending. Built on first use: most posts never get here. */
  positions(word: string): number[] | undefined {
    if (!this.index) {
      this.index = new Map();
      const words = this.tokens.words;
      for (let i = 0; i < words.length; i++) {
        const list = this.index.get(words[i]!);
        if (list) list.push(i);
        else this.index.set(words[i]!, [i]);
      }
    }
    return this.index.get(word);
  }
}

/** A view of a post for one query on its own (preview, tests); the matcher shares views instead. */
export function viewOf(post: Post, accentSensitive: boolean): PostView {
  return new PostView(tokenizePost(textForm(post.text, accentSensitive)), postFields(post));
}
