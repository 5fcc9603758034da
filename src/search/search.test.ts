import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { processJournalBatch } from '../intake/processor.js';
import { addNote } from '../conversations/add-note.js';
import { newId } from '../lib/ids.js';
import { indexMessage } from './index-message.js';
import { indexTerms } from './tokenize.js';
import { conversationIdsMatching } from './search-messages.js';

// Real lines from the demo traffic's languages (/work/shared/seeds), one message each.
const M = {
  vi: 'Đơn hàng của tôi đâu? Tôi đã đặt hôm thứ Hai.',
  vi2: 'Hỗ trợ khách hàng là cơ hội hiếm hoi để kết nối với khách hàng của bạn',
  zh: '社交媒體平臺允許企業實時解決客戶問題，從而提供快速、便捷的支持。',
  zh2: '口碑管理：社交媒體是一個強大的工具，可以塑造企業聲譽並管理在線口碑。',
  tr: 'İSTANBUL şubesinden bir şikayetim var: sapmayın ve suçu müşteriye atmayın.',
  hy: 'Մարդկանց 64%-ը նախընտրում է հաղորդագրություն ուղարկել, քան զանգահարել բիզնես:',
  pt: 'Eu não recebi meu pedido. A 62 por cento surpreendente de consumidores têm usado a mídia social para o apoio.',
  en: 'Where is my order #4521? Tracking https://shop.example.com/t/4521 says nothing 😡',
  ops: 'Quotes "and" stars * colons : ampersands & pipes | bangs ! (parens) NEAR AND OR NOT',
};
type Key = keyof typeof M;

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};
const send = async (w: TestWorkspace, text: string, overrides: Record<string, unknown> = {}) => {
  const ev = buildInbound({ from: { id: `c-${newId()}` }, text, ...overrides });
  expect((await deliver(t, w, ev)).status).toBe(200);
  return ev.id as string;
};
const search = async (q: string, opts: { token?: string; query?: string } = {}) => {
  const res = await t.req('GET', `/api/v1/search?q=${encodeURIComponent(q)}${opts.query ?? ''}`, { token: opts.token ?? a.token });
  return { status: res.status, json: await res.json() };
};
/** The keys of M whose messages a query finds, sorted; fails on any other status than 200. */
const found = async (q: string, token?: string) => {
  const r = await search(q, { token });
  expect(r.status, `${q}: ${JSON.stringify(r.json)}`).toBe(200);
  const bodies: string[] = r.json.results.map((x: { body: string }) => x.body);
  return bodies.map((body) => (Object.keys(M) as Key[]).find((k) => M[k] === body) ?? body).sort();
};

beforeAll(async () => {
  t = await buildTestApp();
  a = await buildWorkspace(t, { name: 'A' });
  b = await buildWorkspace(t, { name: 'B' });
  for (const text of Object.values(M)) await send(a, text);
  await send(b, `${M.vi} (B)`);
  await send(b, '社交媒體 in workspace B');
  await drain();
});
afterAll(() => t.close());

describe(`search (${testDialect})`, () => {
  it('Vietnamese: with and without diacritics, only the message that has every word', async () => {
    expect(await found('don hang')).toEqual(['vi']);
    expect(await found('Đơn hàng')).toEqual(['vi']);
    expect(await found('khách hàng')).toEqual(['vi2']);
    expect(await found('HANG')).toEqual(['vi', 'vi2']);
  });

  it('Chinese: substrings of two or more characters, in order; single characters', async () => {
    expect(await found('社交媒體')).toEqual(['zh', 'zh2']);
    expect(await found('解決客戶問題')).toEqual(['zh']);
    expect(await found('口碑')).toEqual(['zh2']);
    expect(await found('媒體社交')).toEqual([]);
    expect(await found('題')).toEqual(['zh']);
    expect(await found('社')).toEqual(['zh', 'zh2']);
  });

  it('Turkish: İ/I/ı/i and ş ü fold together', async () => {
    for (const q of ['istanbul', 'ISTANBUL', 'ıstanbul', 'İstanbul', 'sikayetim', 'şikayet', 'musteriye SUCU']) expect(await found(q)).toEqual(['tr']);
  });

  it('Armenian and Portuguese', async () => {
    expect(await found('ՀԱՂՈՐԴԱԳՐՈՒԹՅՈՒՆ')).toEqual(['hy']);
    expect(await found('բիզնես')).toEqual(['hy']);
    expect(await found('nao recebi')).toEqual(['pt']);
    expect(await found('MIDIA social')).toEqual(['pt']);
    expect(await found('não enviei')).toEqual([]);
  });

  it('English: hashtag-style numbers, URL parts, prefix of the last word', async () => {
    expect(await found('#4521')).toEqual(['en']);
    expect(await found('shop.example.com')).toEqual(['en']);
    expect(await found('where ord')).toEqual(['en']);
    expect(await found('where ord ')).toEqual([]);
  });

  it('query syntax characters are plain text to both engines', async () => {
    for (const q of ['"', '" "', '*', ':', '&', '|', '!', '(', ')', "'", '\\', '"";--', '&& || !!']) {
      const r = await search(q);
      expect(r.status, q).toBe(400);
      expect(r.json.error.fields).toEqual([{ field: 'q', reason: expect.any(String) }]);
    }
    for (const q of [
      'NEAR',
      'and',
      'NOT)',
      '" OR "',
      'quotes "and" stars',
      'stars*',
      'colons:',
      'NEAR(stars colons)',
      'pipes | bangs',
      'parens) NEAR',
      "'; DROP TABLE messages; --",
    ]) {
      const r = await search(q);
      expect(r.status, q).toBe(200);
      expect(
        r.json.results.every((x: { body: string }) => x.body === M.ops),
        q,
      ).toBe(true);
    }
    expect(await found('ampersands & pipes')).toEqual(['ops']);
    expect(await found('workspace_id:x OR terms:stars')).toEqual([]);
  });

  it('never returns another workspace’s messages, and ids are not searchable text', async () => {
    expect(await found('don hang', b.token)).toEqual([`${M.vi} (B)`]);
    expect(await found('社交媒體', b.token)).toEqual(['社交媒體 in workspace B']);
    expect(await found('istanbul', b.token)).toEqual([]);
    expect(await found(a.workspaceId)).toEqual([]);
    const anyId = (await search('hang')).json.results[0].messageId;
    expect(await found(anyId)).toEqual([]);
  });

  it('answers with message, conversation, direction, body, snippet and createdAt, newest first', async () => {
    const r = await search('hang');
    expect(r.json.results).toHaveLength(2);
    const conv = await t.app.store.db.selectFrom('messages').select(['id', 'conversation_id']).where('body', '=', M.vi).executeTakeFirstOrThrow();
    const hit = r.json.results.find((x: { body: string }) => x.body === M.vi);
    expect(hit).toEqual({
      messageId: conv.id,
      conversationId: conv.conversation_id,
      direction: 'in',
      body: M.vi,
      snippet: M.vi,
      createdAt: expect.any(String),
    });
    const keys = r.json.results.map((x: { createdAt: string; messageId: string }) => `${x.createdAt}|${x.messageId}`);
    expect([...keys].sort().reverse()).toEqual(keys);
    expect(r.json.nextCursor).toBeNull();
  });

  it('pages with a cursor, newest first, without repeats', async () => {
    for (let i = 0; i < 5; i++) await send(a, `paginação teste número ${i}`);
    await drain();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await search('paginacao', { query: `&limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      expect(r.status).toBe(200);
      expect(r.json.results.length).toBeLessThanOrEqual(2);
      seen.push(...r.json.results.map((x: { body: string }) => x.body));
      cursor = r.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `paginação teste número ${i}`));
  });

  it('finds an edited message by its new text only, and forgets a deleted one', async () => {
    const edited = await send(a, 'Mensagem original sobre reembolso', { timestamp: Date.now() - 1000 });
    const deleted = await send(a, 'Mensagem para apagar xyzzy');
    await drain();
    expect(await found('reembolso')).toEqual(['Mensagem original sobre reembolso']);
    expect(await found('xyzzy')).toEqual(['Mensagem para apagar xyzzy']);
    await deliver(t, a, {
      events: [
        { type: 'edit', id: edited, text: 'Mensagem corrigida sobre devolução', timestamp: Date.now() + 1000 },
        { type: 'delete', id: deleted },
      ],
    });
    await drain();
    expect(await found('reembolso')).toEqual([]);
    expect(await found('devolucao')).toEqual(['Mensagem corrigida sobre devolução']);
    expect(await found('xyzzy')).toEqual([]);
  });

  it('includes internal notes (workspace-internal, searchable by the team)', async () => {
    const conv = await t.app.store.db.selectFrom('messages').select('conversation_id').where('body', '=', M.en).executeTakeFirstOrThrow();
    await addNote(t.app, {
      workspaceId: a.workspaceId,
      conversationId: conv.conversation_id,
      actorUserId: a.ownerId,
      text: 'Nota interna: cliente VIP, priorizar',
    });
    const r = await search('cliente vip');
    expect(r.json.results).toEqual([expect.objectContaining({ direction: 'note', conversationId: conv.conversation_id })]);
  });

  it('conversationIdsMatching gives the workspace’s matching conversations only', async () => {
    const convOf = async (body: string) =>
      (await t.app.store.db.selectFrom('messages').select('conversation_id').where('body', '=', body).executeTakeFirstOrThrow()).conversation_id;
    expect(await conversationIdsMatching(t.app.store, a.workspaceId, '社交媒體', 10)).toEqual(
      expect.arrayContaining([await convOf(M.zh), await convOf(M.zh2)]),
    );
    expect(await conversationIdsMatching(t.app.store, a.workspaceId, '社交媒體', 1)).toHaveLength(1);
    expect(await conversationIdsMatching(t.app.store, b.workspaceId, 'istanbul', 10)).toEqual([]);
    await expect(conversationIdsMatching(t.app.store, a.workspaceId, '?!', 10)).rejects.toMatchObject({ code: 'invalid_request', fields: [{ field: 'q' }] });
  });

  it('answers bad input with field-level 400s', async () => {
    const cases: Array<[string, string]> = [
      ['', 'q'],
      ['?q=%20%20', 'q'],
      ['?q=%F0%9F%98%A1', 'q'],
      [`?q=${'a'.repeat(501)}`, 'query.q'],
      ['?q=hang&limit=0', 'query.limit'],
      ['?q=hang&limit=abc', 'query.limit'],
      ['?q=hang&limit=101', 'query.limit'],
      ['?q=hang&cursor=not-a-cursor', 'cursor'],
    ];
    for (const [qs, field] of cases) {
      const res = await t.req('GET', `/api/v1/search${qs}`, { token: a.token });
      expect(res.status, qs).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('invalid_request');
      expect(
        body.error.fields.map((f: { field: string }) => f.field),
        qs,
      ).toEqual([field]);
    }
  });

  it('needs a signed-in caller, and any role may search', async () => {
    expect((await t.req('GET', '/api/v1/search?q=hang')).status).toBe(401);
    const viewer = await buildMember(t, a.workspaceId, 'viewer', 'Vera Viewer');
    expect(await found('hang', viewer.token)).toEqual(['vi', 'vi2']);
  });

  it('is listed in /openapi.json', async () => {
    const doc = await (await t.req('GET', '/openapi.json')).json();
    expect(doc.paths['/api/v1/search'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['q', 'limit', 'cursor']);
  });

  it('the engine reads every one of our terms as exactly one token, unchanged', async () => {
    // Numbers, scientific-looking and mixed words, other scripts: what PostgreSQL's parser or
    // SQLite's unicode61 might otherwise split, drop or rewrite.
    const text = `${Object.values(M).join('\n')} 1e5 123abc abc123def 0x1f v1 2nd ١٢٣ ² ½ Ⅻ ｆｕｌｌ 한국어 주문이 ﬁne 𠀀𠀁 ー ヶ Ελληνικά Русский עברית العربية हिन्दी ไทย`;
    const terms = new Set(indexTerms(text));
    const id = newId();
    await indexMessage(t.app.store.db, t.app.store.dialect, { id, workspaceId: 'seed-check', text });
    let stored: string[];
    if (testDialect === 'postgres') {
      const r = await sql<{ lexeme: string }>`SELECT unnest(tsvector_to_array(tsv)) AS lexeme FROM search_docs WHERE message_id = ${id}`.execute(
        t.app.store.db,
      );
      stored = r.rows.map((x) => x.lexeme);
    } else {
      await sql`CREATE VIRTUAL TABLE temp.seed_vocab USING fts5vocab(main, search_docs, instance)`.execute(t.app.store.db);
      const r = await sql<{
        term: string;
      }>`SELECT DISTINCT term FROM temp.seed_vocab WHERE col = 'terms' AND doc = (SELECT rowid FROM search_docs WHERE message_id = ${id})`.execute(
        t.app.store.db,
      );
      stored = r.rows.map((x) => x.term);
    }
    expect(terms.size).toBeGreaterThan(100);
    expect(new Set(stored)).toEqual(terms);
  });
});
