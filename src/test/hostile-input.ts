/**
 * What the hostile-input suite (src/http/hostile-input.test.ts) sends: hostile path segments,
 * query values and JSON bodies, built from a route's OpenAPI description where it has one, so a
 * route added tomorrow is covered without anyone listing it here.
 */

type Schema = Record<string, any>;

/** A raw JSON text (kept as written: 1e400 and 2^63 do not survive JSON.stringify). */
export type RawBody = { raw: string; label: string; contentType?: string };

const DEEP = 10_000;
/** 2^63: one past the largest 64-bit integer. */
const TWO_63 = '9223372036854775808';

/** Strings that break databases and parsers: NUL (escaped, so the JSON is valid), lone surrogates, both at once, huge. */
export const HOSTILE_STRINGS: Array<[string, string]> = [
  ['NUL', 'a\u0000b'],
  ['only NUL', '\u0000'],
  ['lone surrogates', 'x\ud800 \udc00y \udfff\ud83d'],
  ['huge', 'x'.repeat(100_000)],
];

/** Path segments, already percent-encoded: encoded NUL, an encoded lone surrogate, bad escapes, huge numbers, long. */
export const HOSTILE_SEGMENTS = ['%00', 'a%00b', '%ED%A0%80', '%C0%80', '%', '1e400', TWO_63, 'x'.repeat(2_000), '..%2F..%2Fetc'];

/** Query values, percent-encoded like the segments. */
export const HOSTILE_QUERY_VALUES = ['%00', '%ED%A0%80', '1e400', TWO_63, '', 'x'.repeat(5_000)];

/** Bodies that are hostile whatever the route: no JSON, the wrong JSON type, too deep. */
export function genericBodies(): RawBody[] {
  return [
    { raw: '', label: 'empty body' },
    { raw: '{"a":', label: 'invalid JSON' },
    { raw: '{"a":"raw\u0000nul"}', label: 'raw NUL byte in JSON' },
    { raw: '"\\u0000"', label: 'a NUL string' },
    { raw: 'null', label: 'null' },
    { raw: '[{}]', label: 'array of an object' },
    { raw: '1e400', label: 'huge number' },
    { raw: `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`, label: `${DEEP} nested arrays` },
    { raw: `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`, label: `${DEEP} nested objects` },
  ];
}

/** Bodies that are not JSON, for the routes that read forms and files (the survey page, uploads) and the ones that should not. */
export function otherBodies(): RawBody[] {
  const boundary = 'hostile-boundary';
  const multipart = [
    `--${boundary}`,
    'content-disposition: form-data; name="comment"',
    '',
    'a\u0000b\ud800',
    `--${boundary}`,
    'content-disposition: form-data; name="file"; filename="a\u0000b.png"',
    'content-type: image/png',
    '',
    '\x89PNG\r\n\x1a\n\u0000',
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return [
    { raw: 'score=%00&comment=a%00b%ED%A0%80&name=%00', label: 'form with NUL', contentType: 'application/x-www-form-urlencoded' },
    { raw: 'score=2&comment=x%00', label: 'form with a valid score (on every scale) and NUL', contentType: 'application/x-www-form-urlencoded' },
    { raw: multipart, label: 'multipart with NUL', contentType: `multipart/form-data; boundary=${boundary}` },
    { raw: 'a\u0000b', label: 'text with NUL', contentType: 'text/plain' },
  ];
}

/**
 * Bodies shaped after the route's own schema: a plausible example with every string made hostile,
 * every number made huge, and each top-level field given every wrong type in turn (others kept).
 */
export function schemaBodies(schema: Schema): RawBody[] {
  const example = exampleOf(schema, schema, 0);
  const out: RawBody[] = [{ raw: JSON.stringify(example), label: 'example' }];
  for (const [name, s] of HOSTILE_STRINGS) out.push({ raw: JSON.stringify(mapStrings(example, () => s)), label: `every string ${name}` });
  for (const n of ['1e400', '-1e400', TWO_63])
    out.push({ raw: JSON.stringify(mapNumbers(example, () => '@@N@@')).replaceAll('"@@N@@"', n), label: `every number ${n}` });
  out.push({ raw: JSON.stringify([example]), label: 'the example in an array' });
  const props = objectProps(schema, schema);
  if (props && example && typeof example === 'object' && !Array.isArray(example)) {
    for (const field of Object.keys(props)) {
      for (const [label, value] of WRONG_TYPES) {
        const raw = JSON.stringify({ ...example, [field]: '@@V@@' }).replace('"@@V@@"', value);
        out.push({ raw, label: `${field} = ${label}` });
      }
    }
  }
  return out;
}

/** Every JSON type but the right one (a boolean field gets a string, a string field a number…); huge numbers too. */
const WRONG_TYPES: Array<[string, string]> = [
  ['null', 'null'],
  ['1e400', '1e400'],
  ['a string', '"\\u0000x\\ud800"'],
  ['a boolean', 'true'],
  ['an array', '["\\u0000", 1, null]'],
  ['an object', '{"\\u0000":"\\ud800"}'],
];

/** The properties of an object schema (following a $ref or the first object branch of a union). */
function objectProps(s: Schema, root: Schema): Record<string, Schema> | undefined {
  const r = resolve(s, root);
  if (r.properties) return r.properties;
  for (const alt of r.anyOf ?? r.oneOf ?? r.allOf ?? []) {
    const p = objectProps(alt, root);
    if (p) return p;
  }
  return undefined;
}

function resolve(s: Schema, root: Schema): Schema {
  if (typeof s?.$ref === 'string' && s.$ref.startsWith('#/')) {
    let cur: any = root;
    for (const part of s.$ref.slice(2).split('/')) cur = cur?.[part];
    return cur ?? {};
  }
  return s ?? {};
}

/** A value the schema would plausibly accept: the best guess is enough (a 400 is a fine answer too). */
function exampleOf(s0: Schema, root: Schema, depth: number): unknown {
  const s = resolve(s0, root);
  if (depth > 8) return null;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('default' in s) return s.default;
  const alts = s.anyOf ?? s.oneOf;
  if (Array.isArray(alts)) return exampleOf(alts.find((a: Schema) => a.type !== 'null') ?? alts[0], root, depth + 1);
  if (Array.isArray(s.allOf) && s.allOf.length) return exampleOf(s.allOf[0], root, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'email') return 'someone@example.com';
      if (s.format === 'uri' || s.format === 'url') return 'https://example.com/x';
      if (s.format === 'date-time') return '2026-01-01T00:00:00Z';
      return 'x'.repeat(Math.max(1, Math.min(s.minLength ?? 1, 64)));
    case 'integer':
    case 'number':
      return s.minimum ?? (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => exampleOf(s.items ?? {}, root, depth + 1));
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) o[k] = exampleOf(v, root, depth + 1);
      return o;
    }
    default:
      return s.properties ? exampleOf({ ...s, type: 'object' }, root, depth) : 'x';
  }
}

function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

function mapNumbers(v: unknown, f: (n: number) => unknown): unknown {
  if (typeof v === 'number') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapNumbers(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapNumbers(x, f)]));
  return v;
}
