import { OutboundRefused, OutboundTooLarge } from './outbound-http.js';

// Errors raised before a request could leave this machine: the other side surely did not get it.
const NEVER_SENT = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EOUTBOUND_REFUSED'];

const codeOf = (err: unknown): string => {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  return String(e?.cause?.code ?? e?.code ?? '');
};

/** True when a failed request surely never reached the other side (refused here, DNS, connection refused). */
export function neverSent(err: unknown): boolean {
  return err instanceof OutboundRefused || NEVER_SENT.includes(codeOf(err));
}

/**
 * A failed request in words for users: "timed out", the outbound client's refusal, or the network
 * error's code. Never an address the host resolved to, never an answer's body.
 */
export function outboundErrorText(err: unknown): string {
  if (err instanceof OutboundRefused || err instanceof OutboundTooLarge) return err.message;
  const name = (err as Error)?.name;
  if (name === 'TimeoutError') return 'timed out';
  if (name === 'AbortError') return 'aborted';
  const code = codeOf(err);
  if (code === 'EOUTBOUND_REFUSED') return (err as Error).message;
  const cause = (err as { cause?: Error })?.cause;
  if (cause instanceof OutboundRefused || cause instanceof OutboundTooLarge) return cause.message;
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (code === 'ENOTFOUND') return 'host not found (ENOTFOUND)';
  if (code) return `network error (${code})`;
  return 'network error';
}
