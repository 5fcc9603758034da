import type { Kysely } from 'kysely';
import type { ChannelTable, DB } from '../../store/schema.js';
import type { MediaDownload } from './media.js';
import type { Outbound } from '../../net/outbound-http.js';

/**
 * A channel as network code sees it: its row, its opened secrets and its parsed settings
 * (src/channels/load-channel.ts unseals one). Secrets never leave the call they are given to.
 */
export interface ChannelAccess {
  row: ChannelTable;
  secrets: Record<string, string>;
  settings: Record<string, unknown>;
}

/**
 * What an optional adapter call may use besides its channel. The caller builds it, so network
 * code needs neither the App nor the domain folders.
 */
export interface NetworkContext {
  /** Budget for one request to the network (the configured send timeout unless the caller chose another). */
  timeoutMs: number;
  /** The clock; tests move it. */
  now(): number;
  /** The one outbound HTTP client (src/net/outbound-http.ts): every request to the network goes through it. */
  outbound: Outbound;
}

/**
 * For network code that writes deliveries to the journal itself instead of receiving webhooks:
 * pollers, and the site chat's visitor API.
 */
export interface JournalContext extends NetworkContext {
  db: Kysely<DB>;
  /**
   * Writes one fetched delivery to the intake journal, exactly as a verified webhook delivery is
   * written (same parser, dedupe and replay later). Pass the transaction that also stores the
   * poll's cursor, so both commit or neither does. Returns the journal id.
   */
  journal(tx: Kysely<DB>, d: { workspaceId: string; channelId: string; headers: Record<string, string>; body: string; receivedAt: number }): Promise<number>;
  /** Wakes the intake worker once journal writes are committed. */
  wakeIntake(): void;
  /**
   * Call after committing a change to the channel's own row (a poll cursor kept in its settings):
   * every process's channel directory drops its copy, so nobody polls from an old cursor.
   */
  channelChanged(channelId: string): void;
}

/** The media job's context for a by-id download: one time budget shared by lookup and download. */
export interface MediaContext extends NetworkContext {
  /** Hearken's own size limit (config.media.maxBytes); the network's may be lower. */
  maxBytes: number;
  /** Aborts when the job's budget is spent. */
  signal: AbortSignal;
  /** When the budget ends (ms since the epoch): a lookup before the download gets only what is left. */
  deadline: number;
  /** The media store's one downloader (src/media/fetch-media.ts): media host rules, size limit, redirects. */
  download: MediaDownload;
}

/** One connection check's finding: ok with what was verified, or failed with the network's own words. */
export type Finding = { ok: true; detail: string } | { ok: false; detail: string };

/** What a poll reports back to the scheduler. */
export interface PollOutcome {
  /** The network asked to slow down: do not poll this channel again before this many ms. */
  retryAfterMs?: number;
  /** Why nothing was fetched (a disabled channel, webhook mode). */
  skipped?: string;
  /** What went wrong, in words for the admin; the scheduler polls again at the next interval. */
  error?: string;
}
