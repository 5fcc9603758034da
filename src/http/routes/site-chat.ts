import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { adapterFor } from '../../channels/registry.js';
import { parseBody, parseQuery } from '../validate.js';
import { AppError } from '../../lib/errors.js';
import { acknowledgeVisitorMessages } from '../../site-chat/acknowledge.js';
import { loadSiteChannel, type SiteChannel } from '../../site-chat/load-site-channel.js';
import { postVisitorMessage } from '../../site-chat/post-visitor-message.js';
import { RateLimited, siteLimits, type WindowLimiter } from '../../site-chat/rate-limit.js';
import { startVisitorSession } from '../../site-chat/start-session.js';
import { waitForVisitorMessages } from '../../site-chat/visitor-messages.js';
import { setVisitorTyping } from '../../site-chat/visitor-typing.js';
import { verifyVisitorToken } from '../../site-chat/visitor-token.js';
import { widgetConfig } from '../../site-chat/widget-config.js';
import { journalContext } from '../../intake/journal.js';

/** Visitor requests are small: a chat line, a few ids. Anything bigger is refused before it is read. */
export const SITE_BODY_LIMIT = 16 * 1024;
const MAX_WAIT_S = 25;

const sessionBody = z.object({
  token: z.string().max(400).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  email: z.email().max(254).optional(),
});
const messageBody = z.object({
  /** The widget's id for this message, so a retried POST is one message. */
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or -'),
  text: z.string().trim().min(1, 'must not be empty').max(adapterFor('site').capabilities.maxLength),
});
const pollQuery = z.object({ since: z.string().max(40).optional(), wait: z.coerce.number().int().min(0).max(MAX_WAIT_S).default(0) });
const typingBody = z.object({ typing: z.boolean() });
const ackBody = z.object({ ids: z.array(z.string().max(40)).max(100), status: z.enum(['delivered', 'read']).default('delivered') });

const P = '/site/v1/{channelId}';
describe({ method: 'get', path: '/widget.js', tag: 'site chat', summary: 'The embeddable chat widget script', auth: 'none' });
describe({
  method: 'get',
  path: `${P}/config`,
  tag: 'site chat',
  summary: "The widget's title, greeting, colors and whether the team is online",
  auth: 'none',
});
describe({
  method: 'post',
  path: `${P}/session`,
  tag: 'site chat',
  summary: 'Start or resume a visitor session; answers a visitor token (pre-chat name and email optional)',
  body: sessionBody,
  auth: 'none',
});
describe({
  method: 'post',
  path: `${P}/messages`,
  tag: 'site chat',
  summary: 'A visitor message (Authorization: Bearer <visitor token>)',
  body: messageBody,
  auth: 'none',
  responses: { '202': 'journaled' },
});
describe({
  method: 'get',
  path: `${P}/messages`,
  tag: 'site chat',
  summary: "The visitor's chat; long-polls up to `wait` seconds for a change from `since`",
  query: pollQuery,
  auth: 'none',
});
describe({
  method: 'post',
  path: `${P}/typing`,
  tag: 'site chat',
  summary: 'The visitor is typing (shown to agents as presence)',
  body: typingBody,
  auth: 'none',
});
describe({
  method: 'post',
  path: `${P}/ack`,
  tag: 'site chat',
  summary: 'The widget showed these agent replies: delivered (or read)',
  body: ackBody,
  auth: 'none',
});

let widgetSource: string | null = null;
const widget = () => (widgetSource ??= readFileSync(fileURLToPath(new URL('../../channels/site/widget.js', import.meta.url)), 'utf8'));

/** The site chat's public surface: the widget script and the visitor API (docs/channels-site.md). */
export function mountSiteChat(http: Hono<HonoEnv>) {
  http.get('/widget.js', (c) => {
    // Loaded by other sites' pages: allowed cross-origin, cached briefly so a fix reaches visitors soon.
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(widget(), 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });

  http.use('/site/v1/:channelId/*', siteCors);
  http.use(
    '/site/v1/:channelId/*',
    bodyLimit({
      maxSize: SITE_BODY_LIMIT,
      onError: () => {
        throw new AppError('payload_too_large', `request body is larger than ${SITE_BODY_LIMIT} bytes`);
      },
    }),
  );

  http.get('/site/v1/:channelId/config', async (c) => {
    const ch = await channelOf(c);
    await limit(c, siteLimits.poll, `c:${ch.row.id}:${clientAddress(c)}`);
    return c.json(await widgetConfig(c.get('app'), ch, c.req.header('accept-language')));
  });

  http.post('/site/v1/:channelId/session', async (c) => {
    const ch = await channelOf(c);
    await limit(c, siteLimits.session, `s:${ch.row.id}:${clientAddress(c)}`);
    const b = await parseBody(c, sessionBody);
    const s = await startVisitorSession(c.get('app'), ch, b);
    return c.json({ ...s, config: await widgetConfig(c.get('app'), ch, c.req.header('accept-language')) });
  });

  http.post('/site/v1/:channelId/messages', async (c) => {
    const { ch, visitorId } = await visitorOf(c);
    await limit(c, siteLimits.message, `m:${visitorId}`);
    const b = await parseBody(c, messageBody);
    return c.json(await postVisitorMessage(journalContext(c.get('app')), ch, visitorId, b), 202);
  });

  http.get('/site/v1/:channelId/messages', async (c) => {
    const { ch, visitorId } = await visitorOf(c);
    await limit(c, siteLimits.poll, `p:${visitorId}`);
    const q = parseQuery(c, pollQuery);
    const view = await waitForVisitorMessages(c.get('app'), ch, visitorId, q.since, q.wait * 1000, c.req.raw.signal);
    return c.json({ messages: view.messages, agentTyping: view.agentTyping, version: view.version });
  });

  http.post('/site/v1/:channelId/typing', async (c) => {
    const { ch, visitorId } = await visitorOf(c);
    await limit(c, siteLimits.typing, `t:${visitorId}`);
    const b = await parseBody(c, typingBody);
    return c.json(await setVisitorTyping(c.get('app'), ch, visitorId, b.typing));
  });

  http.post('/site/v1/:channelId/ack', async (c) => {
    const { ch, visitorId } = await visitorOf(c);
    await limit(c, siteLimits.ack, `a:${visitorId}`);
    const b = await parseBody(c, ackBody);
    return c.json(await acknowledgeVisitorMessages(journalContext(c.get('app')), ch, visitorId, b));
  });
}

/**
 * CORS limited to the channel's allowed origins. A browser request from any other origin is
 * refused (403) before anything else happens; requests without an Origin (not from a browser
 * page) pass, since CORS protects visitors' browsers, not the API — the visitor token does that.
 */
const siteCors: MiddlewareHandler<HonoEnv> = async (c, next) => {
  const origin = c.req.header('origin');
  const ch = await channelOf(c);
  if (origin !== undefined && !ch.settings.allowedOrigins.includes(origin)) {
    throw new AppError('forbidden', `this chat accepts requests only from the sites it is configured for, not from ${origin.slice(0, 200)}`);
  }
  if (c.req.method === 'OPTIONS') {
    return c.body(null, 204, {
      'Access-Control-Allow-Origin': origin ?? '',
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Allow-Headers': 'authorization, content-type',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    });
  }
  await next();
  if (origin !== undefined) {
    c.res.headers.set('Access-Control-Allow-Origin', origin);
    c.res.headers.set('Access-Control-Expose-Headers', 'retry-after');
    c.res.headers.append('Vary', 'Origin');
  }
};

const channelOf = (c: Context<HonoEnv>): Promise<SiteChannel> => loadSiteChannel(c.get('app'), c.req.param('channelId') ?? '');

async function visitorOf(c: Context<HonoEnv>) {
  const ch = await channelOf(c);
  const auth = c.req.header('authorization') ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
  const claims = token ? verifyVisitorToken(ch.secrets.visitorTokenSecret ?? '', token, ch.row.id, c.get('app').now()) : null;
  if (!claims) throw new AppError('unauthenticated', 'visitor token missing, invalid or expired: start a new session (POST /session)');
  return { ch, visitorId: claims.visitorId };
}

async function limit(c: Context<HonoEnv>, l: WindowLimiter, key: string) {
  const app = c.get('app');
  try {
    await l.take(app.store.db, key, app.now());
  } catch (err) {
    if (err instanceof RateLimited) c.header('Retry-After', String(err.retryAfterSeconds));
    throw err;
  }
}

function clientAddress(c: Context<HonoEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}
