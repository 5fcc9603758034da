import { parentPort } from 'node:worker_threads';
import { adapterFor } from '../channels/registry.js';
import { cleanDeep } from '../lib/clean-text.js';

/**
 * The other end of parse-off-thread.ts: parses a delivery with its network's adapter and cleans
 * it (lib/clean-text.ts), or checks that a body is JSON, on a thread of its own, and posts back
 * the events or the reason it could not.
 */
export type ParseAsk = { kind: 'parse'; type: string; headers: Record<string, string>; body: string } | { kind: 'json'; body: string };
export type ParseRequest = ParseAsk & { id: number };
export type ParseAnswer = { id: number; ok: true; events?: unknown[] } | { id: number; ok: false; error: string };

parentPort?.on('message', (req: ParseRequest) => {
  let answer: ParseAnswer;
  try {
    if (req.kind === 'json') {
      JSON.parse(req.body);
      answer = { id: req.id, ok: true };
    } else answer = { id: req.id, ok: true, events: cleanDeep(adapterFor(req.type).parse({ headers: req.headers, body: req.body })) };
  } catch (err) {
    answer = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(answer);
});
// Loaded (tsx, the adapters): from now on the main thread sends its big deliveries here.
parentPort?.postMessage({ ready: true });
