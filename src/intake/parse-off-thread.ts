import type { Worker } from 'node:worker_threads';
import type { InboundEvent } from '../channels/contract/inbound.js';
import { log } from '../lib/log.js';
import { startTsWorker } from '../lib/ts-worker.js';
import type { ParseAnswer, ParseAsk } from './parse-thread.js';

/**
 * Bodies at least this long are parsed on a thread of their own. In embedded mode the receiver,
 * the intake worker and the realtime streams share one event loop: parsing a 1,000-event delivery
 * (~250 KB) with its adapter takes 15–60 ms, and every webhook that arrives meanwhile waits that
 * long for its acknowledgement (issue 17, defect 7). Below this size parsing costs less than the
 * trip to the thread.
 */
export const OFF_THREAD_BYTES = 64 * 1024;

let worker: Worker | null = null;
let broken = false;
// Loading the thread takes a second or more (tsx, every adapter): until it is ready, parsing stays here.
let ready = false;
let markReady: () => void = () => {};
const readyOnce = new Promise<void>((resolve) => {
  markReady = () => {
    ready = true;
    resolve();
  };
});

/**
 * Starts the parse thread; resolves once it answers. It is otherwise started by the first big body
 * (loading it costs a second of CPU that a process which never sees one should not pay), and
 * bodies that come before it is ready are handled on the main thread.
 */
export function startParseThread(): Promise<void> {
  start();
  return broken ? Promise.resolve() : readyOnce;
}
let nextId = 1;
let answered = 0;
/** How many answers the parse thread has given since start (tests: proof the big path ran there). */
export const offThreadAnswers = () => answered;
const waiting = new Map<number, { resolve: (a: ParseAnswer) => void }>();

/** The thread runs TypeScript like the rest of Hearken (lib/ts-worker.ts). */
function start(): Worker | null {
  if (worker || broken) return worker;
  try {
    const w = startTsWorker(new URL('./parse-thread.ts', import.meta.url), { name: 'hearken-parse' });
    w.on('message', (a: ParseAnswer | { ready: true }) => {
      if ('ready' in a) return markReady();
      answered++;
      waiting.get(a.id)?.resolve(a);
      waiting.delete(a.id);
      if (!waiting.size) w.unref();
    });
    const fail = (why: string) => {
      log.error('parse thread stopped; parsing on the main thread from now on', { err: why });
      broken = true;
      worker = null;
      for (const [id, p] of waiting) p.resolve({ id, ok: false, error: 'retry-inline' });
      waiting.clear();
    };
    w.on('error', (err) => fail(String(err)));
    w.on('exit', (code) => code !== 0 && fail(`exit code ${code}`));
    w.unref();
    worker = w;
  } catch (err) {
    log.error('cannot start the parse thread; parsing on the main thread', { err: String(err) });
    broken = true;
  }
  return worker;
}

function ask(req: ParseAsk): Promise<ParseAnswer> | null {
  const w = start();
  if (!w || !ready) return null;
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, { resolve });
    // Held while an answer is awaited, so a CLI replay does not exit with a parse in flight.
    w.ref();
    w.postMessage({ ...req, id });
  });
}

/**
 * The delivery's events, parsed and cleaned — on the parse thread when the body is big, else
 * here. Throws the adapter's own error for a payload it cannot parse, wherever it ran.
 */
export async function parseDelivery(
  type: string,
  parse: () => InboundEvent[],
  payload: { headers: Record<string, string>; body: string },
): Promise<InboundEvent[]> {
  if (payload.body.length < OFF_THREAD_BYTES) return parse();
  const answer = await ask({ kind: 'parse', type, headers: payload.headers, body: payload.body });
  if (!answer || (!answer.ok && answer.error === 'retry-inline')) return parse();
  if (!answer.ok) throw new Error(answer.error);
  return answer.events as InboundEvent[];
}

/** Whether a big body is JSON, asked off the event loop; small ones are checked here. */
export async function isJson(body: string): Promise<boolean> {
  const inline = () => {
    try {
      JSON.parse(body);
      return true;
    } catch {
      return false;
    }
  };
  if (body.length < OFF_THREAD_BYTES) return inline();
  const answer = await ask({ kind: 'json', body });
  if (!answer || (!answer.ok && answer.error === 'retry-inline')) return inline();
  return answer.ok;
}
