import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannel } from '../../src/channel-admin/create-channel.js';
import { setMediaConnectForTests } from '../../src/media/fetch-media.js';
import { buildInbound, deliver } from '../../src/test/app.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, until, type Stack } from './harness.js';

/** A stored copy of an attachment is drawn from Hearken's own origin (docs/media.md). */
// A 2×2 red PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==', 'base64');

let s: Stack;
let cdn: Server;
beforeAll(async () => {
  s = await startStack();
  cdn = createServer((req, res) => (req.url?.startsWith('/p.png') ? res.writeHead(200, { 'content-type': 'image/png' }).end(PNG) : res.writeHead(404).end()));
  await new Promise<void>((r) => cdn.listen(0, '127.0.0.1', r));
  const port = (cdn.address() as AddressInfo).port;
  setMediaConnectForTests((u) => new URL(`http://127.0.0.1:${port}${u.pathname}${u.search}`));
});
afterAll(async () => {
  setMediaConnectForTests(null);
  await new Promise((r) => cdn?.close(r));
  await s?.close();
});

describe(`stored media in a browser (${testDialect})`, () => {
  it('the thread shows the stored copy; a refused attachment stays a link naming its host', async () => {
    const ch = await createChannel(s.t.app, { workspaceId: s.w.workspaceId, type: 'api', name: 'Page bridge', settings: { network: 'facebook' } });
    await deliver(
      s.t,
      { channelId: ch.id, signingSecret: ch.secrets.signingSecret },
      buildInbound({
        from: { id: 'media-1', name: 'Mia Media' },
        text: 'Here is the broken lid',
        attachments: [
          { type: 'image', url: 'https://scontent.xx.fbcdn.net/p.png', name: 'lid.png' },
          { type: 'image', url: 'https://tracker.evil.example/p.png', name: 'pixel.png' },
        ],
      }),
    );
    const id = await conversationOf(s, 'Mia Media');
    const key = await until(async () => {
      const c = await (await s.t.req('GET', `/api/v1/conversations/${id}`, { token: s.w.token })).json();
      const atts = c.messages?.find((m: any) => m.body === 'Here is the broken lid')?.attachments ?? [];
      return atts[0]?.stored && atts[1]?.error ? (atts[0].stored as string) : null;
    });

    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery');
    await page.goto(`/inbox/all/${id}`);
    const stored = page.locator('[data-testid="attachment"][data-stored="true"]');
    await stored.waitFor();
    expect(await stored.getAttribute('href')).toBe(`/api/v1/media/${key}`);
    const img = stored.locator('img');
    await until(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth === 2));
    const refused = page.getByTestId('attachment').filter({ hasText: 'pixel.png' });
    await refused.getByText('tracker.evil.example').waitFor();
    expect(await refused.locator('img').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
