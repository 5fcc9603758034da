import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hmacHex, safeEqual } from '../../lib/crypto.js';
import { GRAPH_VERSION, INSTAGRAM_MAX_BYTES, MESSENGER_MAX_LENGTH, WHATSAPP_MAX_LENGTH } from './constants.js';

export interface GraphRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string;
  body: any;
}
type Answer = { status: number; body: unknown; headers?: Record<string, string> } | 'hang';

/**
 * A local stand-in for graph.facebook.com / graph.instagram.com that checks what Meta checks —
 * POST only, the path and API version, the Bearer access token, appsecret_proof, the Send API's
 * required fields (recipient, messaging_type, tag, message.text and its length), one private reply
 * per comment, WhatsApp's messaging_product/to/type/text.body — and answers with Meta's
 * documented error body {"error": {message, type, code, error_subcode?, error_data?, fbtrace_id}}.
 * `setResponder` lets a test script an answer (rate limit, blocked user, hang) before the checks pass it.
 */
export async function startFakeGraph(o: { token: string; appSecret: string; accounts: Record<string, 'messenger' | 'instagram' | 'whatsapp'> }) {
  const requests: GraphRequest[] = [];
  const privatelyAnswered = new Set<string>();
  let n = 0;
  let responder: (r: GraphRequest, n: number) => Answer | undefined = () => undefined;

  const handle = (r: GraphRequest): Answer => {
    if (r.method !== 'POST') return graphError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
    const token = r.authorization.replace(/^Bearer /, '');
    if (!token || !safeEqual(token, o.token)) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException');
    const proof = r.query.appsecret_proof ?? '';
    if (!safeEqual(proof, hmacHex(o.appSecret, o.token))) return graphError(400, 100, 'Invalid appsecret_proof provided in the API argument', 'GraphMethodException');
    const m = new RegExp(`^/${GRAPH_VERSION}/([^/]+)/(messages|comments|replies)$`).exec(r.path);
    if (!m) return graphError(400, 100, `Unknown path components: ${r.path}`);
    const [, id, edge] = m as unknown as [string, string, string];
    const kind = o.accounts[id!];
    const b = r.body ?? {};
    if (edge === 'messages' && (kind === 'messenger' || kind === 'instagram')) return sendApi(kind, b);
    if (edge === 'messages' && kind === 'whatsapp') return whatsapp(b);
    if ((edge === 'comments' || edge === 'replies') && !kind) {
      if (typeof b.message !== 'string' || !b.message) return graphError(400, 100, '(#100) The parameter message is required');
      return { status: 200, body: { id: edge === 'comments' ? `${id}_${900 + ++n}` : `${17_900_000 + ++n}` } };
    }
    return graphError(400, 100, `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 'GraphMethodException', 33);
  };

  const sendApi = (kind: 'messenger' | 'instagram', b: any): Answer => {
    const rcp = b.recipient ?? {};
    if (!rcp.id === !rcp.comment_id) return graphError(400, 100, '(#100) The parameter recipient is required');
    const text = b.message?.text;
    if (typeof text !== 'string' || !text) return graphError(400, 100, '(#100) The parameter message[text] is required');
    if (kind === 'messenger' && [...text].length > MESSENGER_MAX_LENGTH) return graphError(400, 100, `(#100) Length of param message[text] must be less than or equal to ${MESSENGER_MAX_LENGTH}`);
    if (kind === 'instagram' && Buffer.byteLength(text) > INSTAGRAM_MAX_BYTES) return graphError(400, 100, '(#100) Message text is too long');
    if (rcp.id) {
      if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(b.messaging_type)) return graphError(400, 100, '(#100) The parameter messaging_type is required');
      if (b.messaging_type === 'MESSAGE_TAG' && !['HUMAN_AGENT', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE'].includes(b.tag)) return graphError(400, 100, '(#100) Param tag must be a valid message tag');
      return { status: 200, body: { recipient_id: rcp.id, message_id: `m_fake${++n}` } };
    }
    if (privatelyAnswered.has(rcp.comment_id)) return graphError(400, 10900, 'Activity already replied to');
    privatelyAnswered.add(rcp.comment_id);
    return { status: 200, body: { recipient_id: `psid-of-${rcp.comment_id}`, message_id: `m_fake${++n}` } };
  };

  const whatsapp = (b: any): Answer => {
    if (b.messaging_product !== 'whatsapp') return graphError(400, 100, '(#100) The parameter messaging_product is required.');
    if (typeof b.to !== 'string' || !b.to) return graphError(400, 100, '(#100) The parameter to is required.');
    if (b.type !== 'text') return graphError(400, 131051, 'Unsupported message type', 'OAuthException', undefined, 'Message type is not currently supported.');
    const body = b.text?.body;
    if (typeof body !== 'string' || !body) return graphError(400, 131008, 'Required parameter is missing', 'OAuthException', undefined, 'The parameter text[body] is required.');
    if ([...body].length > WHATSAPP_MAX_LENGTH) return graphError(400, 100, 'Invalid parameter', 'OAuthException', undefined, `Param text['body'] must be at most ${WHATSAPP_MAX_LENGTH} characters long.`);
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: b.to }], messages: [{ id: `wamid.FAKE${++n}` }] } };
  };

  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const r: GraphRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: String(req.headers.authorization ?? ''), body };
    requests.push(r);
    const out = responder(r, requests.length) ?? handle(r);
    if (out === 'hang') return;
    res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers }).end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/${GRAPH_VERSION}`,
    requests,
    setResponder(fn: typeof responder) {
      responder = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Meta's documented error body. */
export function graphError(status: number, code: number, message: string, type = 'OAuthException', subcode?: number, details?: string): { status: number; body: unknown } {
  return {
    status,
    body: { error: { message, type, code, ...(subcode ? { error_subcode: subcode } : {}), ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}), fbtrace_id: 'AbCdEfFakeTrace' } },
  };
}
