/**
 * Text from outside (webhook bodies, parsed network payloads, API bodies, mail, listened posts) is
 * cleaned once, where it comes in, so both databases store the same thing:
 *
 * - U+0000 is REMOVED. PostgreSQL cannot store it in text at all ("invalid byte sequence for
 *   encoding UTF8: 0x00") while SQLite keeps it, so left alone it lost whole deliveries on one
 *   database only. It carries no meaning in a message; removing it (rather than showing a
 *   replacement character) also keeps "bad\0word" matching what rules, search and listening look for.
 * - A lone UTF-16 surrogate (half of a pair, from a `\ud83d` escape cut in two, or a truncation in
 *   the middle of an emoji) becomes U+FFFD, the replacement character: something was there, and it
 *   cannot be encoded as UTF-8. Left alone, each database driver replaced it or not in its own way.
 *
 * Everything else, other control characters included, is kept as it came.
 */

/** A NUL, or a surrogate that is not part of a valid pair. */
const HOSTILE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const HOSTILE_ALL = new RegExp(HOSTILE.source, 'g');

/** The text with NUL removed and lone surrogates replaced by U+FFFD (the same string when there is nothing to clean). */
export function cleanText(s: string): string {
  // The test is one scan and allocates nothing: almost every text is clean.
  if (!HOSTILE.test(s)) return s;
  return s.replace(HOSTILE_ALL, (m) => (m === '\0' ? '' : '\uFFFD'));
}

/**
 * cleanText applied to every string in a parsed JSON-like value (object keys included), returning
 * the same value when nothing needed cleaning. Walks plain objects and arrays only; anything else
 * (numbers, dates, buffers) is kept as is. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (!needsCleaning(value)) return value;
  return rebuild(value) as T;
}

/** Whether any string (or key) inside needs cleaning: the common case is no, and then nothing is copied. */
function needsCleaning(root: object): boolean {
  const stack: unknown[] = [root];
  // A parser may hand the same object over twice (or, by mistake, a cycle): each is looked at once.
  const seen = new Set<object>();
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (HOSTILE.test(v)) return true;
    } else if (typeof v !== 'object' || v === null || seen.has(v)) {
    } else if (Array.isArray(v)) {
      seen.add(v);
      for (const x of v) stack.push(x);
    } else if (isPlainObject(v)) {
      seen.add(v);
      for (const k in v) {
        if (HOSTILE.test(k)) return true;
        stack.push(v[k]);
      }
    }
  }
  return false;
}

/** A cleaned copy of plain objects and arrays, built without recursion (a shared object is copied once). */
function rebuild(root: object): unknown {
  const copies = new Map<object, unknown>();
  const stack: object[] = [];
  const copyOf = (v: unknown): unknown => {
    if (typeof v === 'string') return cleanText(v);
    if (typeof v !== 'object' || v === null || !(Array.isArray(v) || isPlainObject(v))) return v;
    let c = copies.get(v);
    if (c === undefined) {
      c = Array.isArray(v) ? new Array(v.length) : {};
      copies.set(v, c);
      stack.push(v);
    }
    return c;
  };
  const out = copyOf(root);
  while (stack.length) {
    const src = stack.pop()!;
    const dst = copies.get(src);
    if (Array.isArray(src)) {
      const d = dst as unknown[];
      src.forEach((x, i) => {
        d[i] = copyOf(x);
      });
    } else {
      const s = src as Record<string, unknown>;
      const d = dst as Record<string, unknown>;
      for (const k in s) {
        // defineProperty: a "__proto__" key from JSON.parse stays a plain property, as it was.
        Object.defineProperty(d, cleanText(k), { value: copyOf(s[k]), enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
