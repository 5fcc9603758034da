import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraph } from '../../src/channels/meta/testing/fake-graph.js';
import { signMetaBody } from '../../src/channels/meta/webhook.js';
import { enrichPending } from '../../src/enrich/enrich-pending.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

/**
 * Moderation in a browser (README "Moderation"): a Facebook comment with personal details is
 * moved to private, the app offers to hide the public comment, and the fake Graph API shows it
 * hidden — the request went through the outbox, as every request to a network does.
 */
const PAGE = '1000000077';
const APP_SECRET = 'app-secret-e2e-moderation';
const TOKEN = 'EAAB-e2e-moderation-token';
const PASSWORD = 'correct horse battery';

let s: Stack;
let graph: Awaited<ReturnType<typeof startFakeGraph>>;
let channelId: string;
beforeAll(async () => {
  s = await startStack();
  graph = await startFakeGraph({ token: TOKEN, appSecret: APP_SECRET, accounts: { [PAGE]: 'messenger' } });
  const res = await s.t.req('POST', '/api/v1/channels', {
    token: s.w.token,
    body: { type: 'messenger', name: 'Acme Page', settings: { pageId: PAGE, apiBaseUrl: graph.baseUrl, appSecret: APP_SECRET, pageAccessToken: TOKEN } },
  });
  expect(res.status).toBe(201);
  channelId = (await res.json()).id;
  mkdirSync(SHOTS_DIR, { recursive: true });
});
afterAll(async () => {
  await graph?.close();
  await s?.close();
});

async function comment(id: string, from: string, name: string, text: string) {
  graph.comments.set(id, { owner: PAGE, authorId: from, message: text, hidden: false, deleted: false, liked: false });
  const post = `${PAGE}_${id.split('_')[0]}`;
  const body = JSON.stringify({
    object: 'page',
    entry: [
      {
        id: PAGE,
        time: Date.now(),
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: from, name },
              post_id: post,
              comment_id: id,
              parent_id: post,
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
  const res = await s.t.http.request(`/webhooks/${channelId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signMetaBody(APP_SECRET, body) },
    body,
  });
  expect(res.status).toBe(200);
  const conv = await conversationOf(s, name, 8000);
  await enrichPending(s.t.app);
  return conv;
}

describe(`moderation in a browser (${testDialect})`, () => {
  it('a comment with personal details: move to private, hide the public comment, the network hides it and the thread says so', async () => {
    const id = await comment('700_1', '7701', 'Petra Public', 'My order never came. Email me at petra.public@example.com please!');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    page.setDefaultTimeout(8000);
    await page.goto(`/inbox/all/${id}`);
    const customer = page.locator('[data-testid=message][data-direction=in]');
    await customer.getByText('petra.public@example.com', { exact: false }).waitFor();
    // No offer before moving: the thread's menu is there, the offer is not.
    expect(await page.getByTestId('hide-offer').count()).toBe(0);

    await page.getByText('Move to private').click();
    await page.getByRole('textbox', { name: /private message/i }).fill('Sorry Petra! Which order number is it?');
    await page.getByRole('button', { name: 'Send privately' }).click();
    await page.getByTestId('moved-to-private').waitFor();
    const offer = page.getByTestId('hide-offer');
    await offer.getByText('This public comment has personal details.').waitFor();
    await offer.getByRole('button', { name: 'Hide the public comment' }).click();
    await offer.getByText('The public comment will be hidden on Facebook.').waitFor();

    // The job worker carries it to the network's fake: POST /{comment-id} is_hidden=true, with the Page token.
    await until(() => graph.comments.get('700_1')!.hidden, 8000);
    const call = graph.requests.find((r) => r.path.endsWith('/700_1') && r.method === 'POST');
    expect(call).toMatchObject({ body: { is_hidden: true }, authorization: `Bearer ${TOKEN}` });
    // ...and the thread shows it hidden (live, through the event stream).
    await customer.getByTestId('hidden-badge').getByText('Hidden on Facebook').waitFor({ timeout: 8000 });
    expect(await customer.getByTestId('moderation').getAttribute('data-hidden')).toBe('true');
    await page.screenshot({ path: `${SHOTS_DIR}/moderation-hidden-${testDialect}.png` });

    // The menu now offers Unhide instead of Hide; Delete asks through the app's dialog first.
    await customer.getByRole('button', { name: 'Moderate this comment on Facebook' }).click();
    await customer.getByRole('menuitem', { name: 'Unhide' }).waitFor();
    expect(await customer.getByRole('menuitem', { name: 'Hide', exact: true }).count()).toBe(0);
    await customer.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete this comment on Facebook?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(graph.comments.get('700_1')!.deleted).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a refusal is shown in the network's words under the comment", async () => {
    const id = await comment('701_1', '7702', 'Rita Refused', 'Nice shop');
    // The comment is on another Page as far as Meta is concerned: code 200, permissions.
    graph.comments.set('701_1', { ...graph.comments.get('701_1')!, owner: '5555' });
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto(`/inbox/all/${id}`);
    const customer = page.locator('[data-testid=message][data-direction=in]');
    await customer.getByRole('button', { name: 'Moderate this comment on Facebook' }).click();
    await customer.getByRole('menuitem', { name: 'Hide' }).click();
    const err = customer.getByTestId('moderation-error');
    await err.waitFor({ timeout: 8000 });
    expect(await err.textContent()).toMatch(/^Facebook refused: Facebook refused to hide the comment: Meta error 200: \(#200\) Permissions error/);
    expect(graph.comments.get('701_1')!.hidden).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
