import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../test/store.js';
import { setupMeta, type MetaSetup } from './testing/test-helpers.js';

const PAGE = '1000000001';
const IG = '17841400000000001';
let fb: MetaSetup;
let ig: MetaSetup;
beforeAll(async () => {
  // Roomier than the helper's default: under a loaded test run a slow answer must not pass for a timeout.
  fb = await setupMeta('messenger', PAGE, { sendTimeoutMs: 2000 });
  ig = await setupMeta('instagram', IG, { sendTimeoutMs: 2000 });
});
afterAll(async () => {
  await fb.close();
  await ig.close();
});

/** A Page comment delivered by webhook (Graph "feed" change) and put on the fake network under `owner`. */
async function fbComment(id: string, from: string, text: string, owner = PAGE) {
  fb.fake.comments.set(id, { owner, authorId: from, message: text, hidden: false, deleted: false, liked: false });
  await fb.deliver({
    object: 'page',
    entry: [
      {
        id: PAGE,
        time: Date.now(),
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: from, name: `Person ${from}` },
              post_id: `${PAGE}_${id.split('_')[0]}`,
              comment_id: id,
              parent_id: `${PAGE}_${id.split('_')[0]}`,
              message: text,
              item: 'comment',
              verb: 'add',
              created_time: Math.floor(Date.now() / 1000),
            },
          },
        ],
      },
    ],
  });
  await fb.drain();
  const conv = (await fb.conversations()).find((c) => c.kind === 'comment' && c.thread_key.includes(from))!;
  const msg = (await fb.messages(conv.id)).find((m) => m.external_id === id)!;
  return { conv, msg };
}

const moderate = (s: MetaSetup, convId: string, msgId: string, action: string) =>
  s.t.req('POST', `/api/v1/conversations/${convId}/messages/${msgId}/moderation`, { token: s.w.token, body: { action } });
const thread = async (s: MetaSetup, convId: string) => (await (await s.t.req('GET', `/api/v1/conversations/${convId}`, { token: s.w.token })).json()) as any;
const eventsOf = (s: MetaSetup, type: string) => s.db.selectFrom('events').select(['data']).where('type', '=', type).execute();

describe(`Facebook comment moderation against the fake Graph API (${testDialect})`, () => {
  it('hides a comment with is_hidden=true through the outbox, then unhides it; the thread and the events say so', async () => {
    const { conv, msg } = await fbComment('500_1', '7501', 'Call me on 0612345678');
    const res = await moderate(fb, conv.id, msg.id, 'hide');
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.moderation).toMatchObject({ action: 'hide', status: 'queued', messageId: msg.id });
    // Nothing reaches the network before the outbox worker runs.
    expect(fb.fake.comments.get('500_1')!.hidden).toBe(false);
    expect((await thread(fb, conv.id)).messages.find((m: any) => m.id === msg.id).moderation.status).toBe('queued');
    const n = fb.fake.requests.length;
    await fb.runJobs();
    const sent = fb.fake.requests.slice(n).filter((r) => r.path === '/v21.0/500_1');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', body: { is_hidden: true } });
    expect(sent[0]!.authorization).toBe('Bearer EAAB-page-token-0123456789');
    expect(fb.fake.comments.get('500_1')!.hidden).toBe(true);
    const shown = (await thread(fb, conv.id)).messages.find((m: any) => m.id === msg.id);
    expect(shown.hiddenAt).not.toBeNull();
    expect(shown.moderation).toMatchObject({ action: 'hide', status: 'done', error: null });
    expect((await eventsOf(fb, 'message.hidden')).map((e) => JSON.parse(e.data).messageId)).toContain(msg.id);
    // Hiding twice is refused before the network is asked.
    expect((await moderate(fb, conv.id, msg.id, 'hide')).status).toBe(409);
    expect((await moderate(fb, conv.id, msg.id, 'unhide')).status).toBe(202);
    await fb.runJobs();
    expect(fb.fake.requests.filter((r) => r.path === '/v21.0/500_1').at(-1)).toMatchObject({ body: { is_hidden: false } });
    expect(fb.fake.comments.get('500_1')!.hidden).toBe(false);
    expect((await fb.message(msg.id)).hidden_at).toBeNull();
    expect((await eventsOf(fb, 'message.unhidden')).length).toBe(1);
  });

  it('likes as the Page, blocks the author from the Page, deletes the comment (message.deleted by the team)', async () => {
    const { conv, msg } = await fbComment('501_1', '7502', 'You are all useless');
    await moderate(fb, conv.id, msg.id, 'like');
    await fb.runJobs();
    expect(fb.fake.requests.filter((r) => r.path === '/v21.0/501_1/likes').map((r) => r.method)).toEqual(['POST']);
    expect(fb.fake.comments.get('501_1')!.liked).toBe(true);
    expect((await fb.message(msg.id)).liked_at).not.toBeNull();
    await moderate(fb, conv.id, msg.id, 'block');
    await fb.runJobs();
    expect(fb.fake.requests.find((r) => r.path === `/v21.0/${PAGE}/blocked`)).toMatchObject({ method: 'POST', body: { user: ['7502'] } });
    expect([...(fb.fake.blocked.get(PAGE) ?? [])]).toContain('7502');
    const ident = await fb.db.selectFrom('identities').selectAll().where('external_id', '=', '7502').executeTakeFirstOrThrow();
    expect(ident.blocked_at).not.toBeNull();
    expect((await thread(fb, conv.id)).contact.identities[0].blockedAt).not.toBeNull();
    await moderate(fb, conv.id, msg.id, 'delete');
    await fb.runJobs();
    expect(fb.fake.requests.filter((r) => r.path === '/v21.0/501_1').map((r) => r.method)).toEqual(['DELETE']);
    expect(fb.fake.comments.get('501_1')!.deleted).toBe(true);
    expect((await fb.message(msg.id)).deleted_at).not.toBeNull();
    const del = (await eventsOf(fb, 'message.deleted')).map((e) => JSON.parse(e.data)).find((d) => d.messageId === msg.id);
    expect(del).toMatchObject({ by: 'team' });
    // A deleted comment takes no more actions.
    expect((await moderate(fb, conv.id, msg.id, 'hide')).status).toBe(409);
  });

  it("shows Meta's refusal as a sentence: a comment not on this Page (code 200) fails for good, nothing changes", async () => {
    const { conv, msg } = await fbComment('502_1', '7503', 'Hello', '999999');
    await moderate(fb, conv.id, msg.id, 'hide');
    await fb.runJobs();
    const row = await fb.db.selectFrom('moderation_actions').selectAll().where('message_id', '=', msg.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/^Facebook refused to hide the comment: Meta error 200: \(#200\) Permissions error \(a permission is missing/);
    expect((await fb.message(msg.id)).hidden_at ?? null).toBeNull();
    const failed = (await eventsOf(fb, 'message.moderation_failed')).map((e) => JSON.parse(e.data));
    expect(failed).toContainEqual(expect.objectContaining({ messageId: msg.id, action: 'hide', error: row.error }));
    expect((await thread(fb, conv.id)).messages.find((m: any) => m.id === msg.id).moderation).toMatchObject({ status: 'failed', error: row.error });
    // After a failure the agent may try again.
    expect((await moderate(fb, conv.id, msg.id, 'hide')).status).toBe(202);
  });

  it('retries a rate limit (code 4) and a timeout, then succeeds; gives up after the configured attempts', async () => {
    const { conv, msg } = await fbComment('503_1', '7504', 'Where is my parcel');
    let calls = 0;
    fb.fake.setResponder((r) => {
      if (r.path !== '/v21.0/503_1') return undefined;
      calls++;
      if (calls === 1)
        return { status: 400, body: { error: { message: '(#4) Application request limit reached', type: 'OAuthException', code: 4, fbtrace_id: 'x' } } };
      if (calls === 2) return 'hang';
      return undefined;
    });
    await moderate(fb, conv.id, msg.id, 'hide');
    await fb.runJobs();
    let row = await fb.db.selectFrom('moderation_actions').selectAll().where('message_id', '=', msg.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'queued' });
    expect(row.error).toMatch(/Meta error 4: \(#4\) Application request limit reached/);
    await fb.dueNow();
    await fb.runJobs();
    await fb.dueNow();
    await fb.runJobs();
    row = await fb.db.selectFrom('moderation_actions').selectAll().where('message_id', '=', msg.id).executeTakeFirstOrThrow();
    expect(calls).toBe(3);
    expect(row.status).toBe('done');
    expect(fb.fake.comments.get('503_1')!.hidden).toBe(true);
    fb.fake.setResponder(() => undefined);

    const { conv: c2, msg: m2 } = await fbComment('504_1', '7505', 'Another');
    fb.fake.setResponder((r) =>
      r.path === '/v21.0/504_1' ? { status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } } } : undefined,
    );
    await moderate(fb, c2.id, m2.id, 'hide');
    for (let i = 0; i < fb.t.app.config.sendMaxAttempts; i++) {
      await fb.dueNow();
      await fb.runJobs();
    }
    fb.fake.setResponder(() => undefined);
    const r2 = await fb.db.selectFrom('moderation_actions').selectAll().where('message_id', '=', m2.id).executeTakeFirstOrThrow();
    expect(r2.status).toBe('failed');
    expect(r2.error).toMatch(/Meta error 1: An unknown error occurred/);
  });

  it('refuses what is not a public customer comment, bad input, and another workspace', async () => {
    const { conv, msg } = await fbComment('505_1', '7506', 'Hi');
    const bad = await moderate(fb, conv.id, msg.id, 'explode');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe('action');
    expect((await moderate(fb, conv.id, 'nope', 'hide')).status).toBe(404);
    const reply = await fb.reply(conv.id, { text: 'Thanks for writing' });
    const out = (await reply.json()).message;
    const r = await moderate(fb, conv.id, out.id, 'hide');
    expect(r.status).toBe(422);
    expect((await r.json()).error.code).toBe('capability_unsupported');
    const { buildWorkspace } = await import('../../test/app.js');
    const other = await buildWorkspace(fb.t);
    const cross = await fb.t.req('POST', `/api/v1/conversations/${conv.id}/messages/${msg.id}/moderation`, { token: other.token, body: { action: 'hide' } });
    expect(cross.status).toBe(404);
    expect(await fb.db.selectFrom('moderation_actions').select('id').where('message_id', '=', msg.id).execute()).toEqual([]);
  });
});

describe(`Instagram comment moderation against the fake Graph API (${testDialect})`, () => {
  async function igComment(id: string, from: string, text: string) {
    ig.fake.comments.set(id, { owner: IG, authorId: from, message: text, hidden: false, deleted: false, liked: false });
    await ig.deliver({
      object: 'instagram',
      entry: [
        {
          id: IG,
          time: Date.now(),
          changes: [
            { field: 'comments', value: { id, from: { id: from, username: `user${from}` }, media: { id: '1790001', media_product_type: 'FEED' }, text } },
          ],
        },
      ],
    });
    await ig.drain();
    const conv = (await ig.conversations()).find((c) => c.kind === 'comment' && c.thread_key.includes(from))!;
    const msg = (await ig.messages(conv.id)).find((m) => m.external_id === id)!;
    return { conv, msg };
  }

  it('hides with hide=true and deletes; like and block are not offered, with the reason', async () => {
    const { conv, msg } = await igComment('17900000000000001', '6101', 'my email is a@b.example');
    const caps = (await thread(ig, conv.id)).channel.capabilities.moderation;
    expect(caps.actions).toEqual(['hide', 'unhide', 'delete']);
    expect(caps.unavailable.like).toMatch(/Instagram's API does not let apps like comments/);
    const like = await moderate(ig, conv.id, msg.id, 'like');
    expect(like.status).toBe(422);
    expect((await like.json()).error.message).toMatch(/Instagram's API does not let apps like comments/);
    await moderate(ig, conv.id, msg.id, 'hide');
    await ig.runJobs();
    expect(ig.fake.requests.find((r) => r.path === '/v21.0/17900000000000001')).toMatchObject({ method: 'POST', body: { hide: true } });
    expect(ig.fake.comments.get('17900000000000001')!.hidden).toBe(true);
    expect((await ig.message(msg.id)).hidden_at).not.toBeNull();
    await moderate(ig, conv.id, msg.id, 'delete');
    await ig.runJobs();
    expect(ig.fake.comments.get('17900000000000001')!.deleted).toBe(true);
    expect((await ig.message(msg.id)).deleted_at).not.toBeNull();
  });

  it("a comment Instagram no longer has (100/33) fails with Meta's words", async () => {
    const { conv, msg } = await igComment('17900000000000002', '6102', 'hello');
    ig.fake.comments.delete('17900000000000002');
    await moderate(ig, conv.id, msg.id, 'delete');
    await ig.runJobs();
    const row = await ig.db.selectFrom('moderation_actions').selectAll().where('message_id', '=', msg.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(
      /^Instagram refused to delete the comment: Meta error 100\/33: Unsupported post request\. Object with ID '17900000000000002' does not exist/,
    );
    expect((await ig.message(msg.id)).deleted_at).toBeNull();
  });
});
