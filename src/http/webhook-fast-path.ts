import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { receiveDelivery } from '../intake/receive-delivery.js';
import { AppError } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { errorResponse } from './errors.js';
import { observeHttp } from './request-log.js';

const WEBHOOK_POST = /^\/webhooks\/([A-Za-z0-9_-]{1,64})\/?(?:\?.*)?$/;

/**
 * Webhook deliveries answered straight on node:http, before Hono. Networks post to this one URL
 * hundreds of times a second and time out (Meta: 20 s, then the webhook is disabled) if the ack
 * is slow; through the web-standard Request/Response adapters (@hono/node-server: undici objects
 * and web streams for the body) a delivery cost about four times a bare handler's CPU
 * (bench/server-cpu.ts), which at 1,000 deliveries/s left no room for the processor. Here the
 * body is read as chunks, and the same receiveDelivery() the Hono route calls decides the answer,
 * so status codes and error bodies are the API's own (tested through a real server in
 * webhook-fast-path.test.ts). Returns false for anything else, which goes on to Hono.
 */
export function webhookFastPath(app: App): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/webhooks/')) return false;
    const m = WEBHOOK_POST.exec(req.url);
    if (!m) return false;
    void handle(app, m[1]!, req, res);
    return true;
  };
}

async function handle(app: App, channelId: string, req: IncomingMessage, res: ServerResponse) {
  const header = req.headers['x-request-id'];
  const requestId = (typeof header === 'string' && header.slice(0, 64)) || newId();
  const start = performance.now();
  res.once('finish', () => observeHttp(app, '/webhooks/:channelId', 'POST', res.statusCode, (performance.now() - start) / 1000));
  try {
    const body = await readBody(req, app.config.bodyLimitBytes);
    const journalId = await receiveDelivery(app, channelId, req.headers, body);
    send(res, 200, { ok: true, journalId }, requestId);
  } catch (err) {
    const { status, body } = errorResponse(err, requestId);
    // A body we stopped reading is drained after the answer (listen.ts, drain-request.ts), not cut:
    // closing with unread bytes would reset the connection before the client reads the 413.
    send(res, status, body, requestId);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () => new AppError('payload_too_large', `request body is larger than ${limit} bytes`);
  if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(tooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown, requestId: string) {
  if (res.headersSent) return;
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
}
