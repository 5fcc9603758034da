import { foldFast as fold } from './text-forms.js';

/**
 * Field values, normalized the same way on both sides: the query's `author:`, `lang:`, `site:`,
 * `url:`, `source:` values (parser) and the post's fields (matcher). Fields always fold case and
 * diacritics, whatever the query's accent option: they are identifiers, not prose.
 */
export const normAuthor = (s: string) => fold(s.trim()).replace(/^@/, '');
export const normSource = (s: string) => fold(s.trim());
export const normLang = (s: string) => s.trim().toLowerCase().replace(/_/g, '-');
export const LANG_RE = /^[a-z]{2,3}(-[a-z0-9]+)*$/;

/** Lowercase, without scheme, "www." and trailing slashes: "example.com/blog". */
export function normUrl(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/+$/, '');
}

/** The host of a normalized url, without port. */
export const hostOf = (normalized: string) => normalized.split(/[/?#]/, 1)[0]!.replace(/:\d+$/, '');

/** "a.b.example.com" → ["a.b.example.com", "b.example.com", "example.com", "com"]: what site: can name. */
export function hostSuffixes(host: string): string[] {
  const out: string[] = [];
  let h = host;
  while (h) {
    out.push(h);
    const dot = h.indexOf('.');
    if (dot < 0) break;
    h = h.slice(dot + 1);
  }
  return out;
}

/** url:example.com/blog matches that page and anything under it, not example.com/blogger. */
export function urlHasPrefix(postUrl: string, prefix: string): boolean {
  if (!postUrl.startsWith(prefix)) return false;
  const next = postUrl[prefix.length];
  return next === undefined || next === '/' || next === '?' || next === '#' || next === ':';
}

/** lang:pt matches "pt" and "pt-br"; lang:pt-br only "pt-br". */
export const langMatches = (postLang: string, want: string) => postLang === want || postLang.startsWith(`${want}-`);
