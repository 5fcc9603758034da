import { describe, expect, it } from 'vitest';
import { fold } from '../../search/tokenize.js';
import { compileQueries, matchesQuery, parseQuery, type Post, type QueryInput, QueryError } from '../index.js';
import { generateQueries, seededRandom } from '../testing/generate-queries.js';
import { WORD_RE } from '../text-forms.js';

const SENTENCES = [
  '@SpotifyCares Premium & when I have it on shuffle it turns off when the song is done 😲 https://t.co/RlWuqllt8S',
  '@sprintcare I have sent several private messages and no one is responding as usual',
  '@AppleSupport my iPhone battery drains after the update, refund please #fail',
  '@AmazonHelp the package never arrived, third time this month. Worst customer service!',
  'Delta lost my bag again ✈️ #DeltaAirlines customer service was slow but kind',
  'Hỗ trợ khách hàng là cơ hội hiếm hoi để kết nối với khách hàng của bạn',
  'Ho tro khach hang la co hoi hiem hoi de ket noi voi khach hang cua ban',
  '社交媒體客戶服務是指企業或組織通過社交媒體平臺為其客戶提供支持和服務的一種形式',
  '我们的客户服务团队每天回复微博上的投诉',
  "Twitter'da sizinle iletişime geçen bir müşteriyi bir telefon açmaya veya e-posta göndermeye zorlamak",
  'Ինչու՞ պետք է ներառեք սոցիալական մեդիայի հաճախորդների սպասարկման լուծումները',
  'A mídia social não é mais uma opção quando se lida com clientes de hoje tech-savvy.',
  'Uber driver cancelled twice, app charged me anyway. Refund? @Uber_Support',
  'Comcast outage again in Boston, xfinity internet down since 6am 😡😡',
];

const words = SENTENCES.flatMap((s) => fold(s).match(WORD_RE) ?? []);
const pairs = SENTENCES.flatMap((s) => {
  const w = fold(s).match(/[\p{L}\p{N}]+/gu) ?? [];
  return w.slice(1).map((x, i) => `${w[i]} ${x}`);
});
const vocab = {
  brands: [...new Set(words.filter((w) => [...w].length >= 4))],
  words: [...new Set(words)],
  phrases: [...new Set(pairs)],
};

/** Posts built to hit the queries: real sentences, and shuffles of their words with noise. */
function randomPosts(n: number, seed: number): Post[] {
  const r = seededRandom(seed);
  const pick = <T>(l: readonly T[]) => l[Math.floor(r() * l.length)]!;
  const decorate = (w: string) => {
    const x = r();
    if (x < 0.05) return `#${w}`;
    if (x < 0.1) return `@${w}`;
    if (x < 0.15) return w.toUpperCase();
    if (x < 0.2) return `${w}${pick(['!', ',', '?', '…', ' 😲', '🔥'])}`;
    return w;
  };
  return Array.from({ length: n }, (_, i) => {
    const text =
      i % 4 === 0
        ? pick(SENTENCES)
        : Array.from({ length: 3 + Math.floor(r() * 20) }, () => (r() < 0.3 ? pick(pairs) : decorate(pick(vocab.words)))).join(pick([' ', ' ', '', ', ']));
    return {
      text,
      lang: pick(['en', 'pt-BR', 'tr', 'vi', undefined]),
      author: pick(['ana_lima', '@SpotifyCares', undefined]),
      url: pick(['https://www.example.com/p/1', undefined]),
    };
  });
}

const sorted = (a: string[]) => [...a].sort();

describe('matcher', () => {
  it('gives the same answers as each query evaluated alone (differential, random posts)', () => {
    const queries = generateQueries(400, 1, vocab);
    const parsed = queries.map((q) => ({ id: q.id, parsed: parseQuery(q.query, q) }));
    const m = compileQueries(queries);
    expect(m.size).toBe(400);
    let matches = 0;
    for (const post of randomPosts(300, 2)) {
      const expected = parsed.filter((q) => matchesQuery(q.parsed, post)).map((q) => q.id);
      const got = m.match(post);
      expect(sorted(got), post.text).toEqual(sorted(expected));
      // The prefilter only ever narrows: every match was a candidate.
      const candidates = new Set(m.candidates(post));
      for (const id of got) expect(candidates.has(id)).toBe(true);
      matches += got.length;
    }
    expect(matches).toBeGreaterThan(1000); // the posts really exercise the queries
  });

  it('learns word rates, re-anchors on rarer words, and still gives the same answers', () => {
    const queries = generateQueries(400, 5, vocab);
    const m = compileQueries(queries, { sampleEvery: 1 });
    const posts = randomPosts(300, 6);
    const before = posts.map((p) => m.match(p)); // also the sample it learns from
    const tried = () => posts.reduce((n, p) => n + m.candidates(p).length, 0);
    const triedBefore = tried();
    m.reanchor();
    expect(tried()).toBeLessThan(triedBefore);
    posts.forEach((p, i) => expect(sorted(m.match(p))).toEqual(sorted(before[i]!)));
    const fresh = compileQueries(queries, { sampleEvery: 0 });
    for (const p of randomPosts(200, 7)) expect(sorted(m.match(p))).toEqual(sorted(fresh.match(p)));
  });

  it('evaluates only queries whose terms occur in the post', () => {
    const m = compileQueries([
      { id: 'a', query: 'spotify premium' },
      { id: 'b', query: 'deezer OR tidal' },
      { id: 'c', query: 'refund* -spotify' },
      { id: 'd', query: 'lang:tr' },
    ]);
    expect(sorted(m.candidates({ text: 'Spotify free tier' }))).toEqual(['a']);
    expect(sorted(m.candidates({ text: 'refunds at tidal', lang: 'tr' }))).toEqual(['b', 'c', 'd']);
    expect(m.candidates({ text: 'nothing here' })).toEqual([]);
  });

  it('adds, replaces and removes queries incrementally', () => {
    const m = compileQueries([{ id: 'a', query: 'spotify' }]);
    const post = { text: 'Spotify and Deezer are down' };
    expect(m.match(post)).toEqual(['a']);
    m.add({ id: 'b', query: 'deezer NEAR/1 down' });
    expect(sorted(m.match(post))).toEqual(['a', 'b']);
    m.add({ id: 'a', query: 'tidal' }); // replaces
    expect(m.match(post)).toEqual(['b']);
    expect(m.remove('b')).toBe(true);
    expect(m.remove('b')).toBe(false);
    expect(m.match(post)).toEqual([]);
    expect(m.size).toBe(1);
    const fresh = compileQueries(generateQueries(50, 3, vocab));
    const churned = compileQueries(generateQueries(80, 3, vocab));
    for (let i = 50; i < 80; i++) churned.remove(`q${i}`);
    for (const p of randomPosts(100, 4)) expect(sorted(churned.match(p))).toEqual(sorted(fresh.match(p)));
  });

  it('runs accent-sensitive and folded queries over the same post', () => {
    const m = compileQueries([
      { id: 'folded', query: '"khach hang"' },
      { id: 'exact', query: '"khách hàng"', accentSensitive: true },
      { id: 'exact-plain', query: '"khach hang"', accentSensitive: true },
    ]);
    expect(sorted(m.match({ text: 'Hỗ trợ khách hàng' }))).toEqual(['exact', 'folded']);
    expect(sorted(m.match({ text: 'Ho tro khach hang' }))).toEqual(['exact-plain', 'folded']);
  });

  it('names the query that does not compile, or skips it when asked', () => {
    const bad: QueryInput[] = [
      { id: 'ok', query: 'spotify' },
      { id: 'q7', query: 'spotify AND (' },
    ];
    expect(() => compileQueries(bad)).toThrow('query q7: unexpected end of query at position 13: expected a term');
    const skipped: string[] = [];
    const m = compileQueries(bad, { onInvalid: (id, e) => skipped.push(`${id}: ${e.position}`) });
    expect(skipped).toEqual(['q7: 13']);
    expect(m.size).toBe(1);
    expect(m.add({ id: 'all', query: '-spotify' })).toBe(false);
    expect(skipped).toEqual(['q7: 13', 'all: 0']);
    expect(() => compileQueries([{ id: 'all', query: '-spotify' }])).toThrow(QueryError);
  });

  it('matches field-only queries through their field anchors', () => {
    const m = compileQueries([
      { id: 'site', query: 'site:example.com' },
      { id: 'url', query: 'url:example.com/help' },
      { id: 'author', query: 'author:spotifycares' },
      { id: 'pt', query: 'lang:pt' },
    ]);
    expect(sorted(m.match({ text: 'x', url: 'https://help.example.com/a', lang: 'pt-BR', author: '@SpotifyCares' }))).toEqual(['author', 'pt', 'site']);
    expect(sorted(m.match({ text: 'x', url: 'http://www.example.com/help/1' }))).toEqual(['site', 'url']);
  });
});
