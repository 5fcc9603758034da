import type { IncomingMessage, ServerResponse } from 'node:http';

/** How much of a refused body is read and thrown away so that the client gets to read the answer. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
/** How long a refused body may keep arriving before the connection is cut anyway. */
export const DRAIN_MAX_MS = 10_000;

/**
 * Once a response is finished, reads whatever is left of the request body and discards it, so that
 * an early answer (413 too large, 401 before reading an upload) reaches the client. Closing a
 * socket with unread bytes in it makes the kernel send a TCP reset, and a client still sending its
 * body then sees "connection reset" instead of the answer waiting in its receive buffer. The
 * adapter's own clean-up (@hono/node-server) gives up after 500 ms and, worse, cannot drain a body
 * it has turned into a web stream: that stream pauses the request again whenever its queue is full.
 * So the request's own listeners are dropped and the bytes counted here; past DRAIN_MAX_BYTES or
 * DRAIN_MAX_MS the connection is cut (by then the client has had the answer for a while). A body
 * drained to its end leaves the connection usable for the next request.
 */
export function drainAfterResponse(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => {
    if (req.readableEnded || req.destroyed) return;
    let read = 0;
    const cut = () => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.socket?.destroy();
    };
    const timer = setTimeout(cut, DRAIN_MAX_MS);
    timer.unref();
    req.removeAllListeners('data');
    req.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > DRAIN_MAX_BYTES) cut();
    });
    req.once('end', () => clearTimeout(timer));
    req.once('close', () => clearTimeout(timer));
    req.resume();
  });
}
