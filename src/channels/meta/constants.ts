/**
 * Every number Meta's platforms impose on Hearken, in one place (docs/channels-meta.md cites the
 * source of each). Meta changes these; change them here.
 */

/** The Graph API version every Meta call uses. */
export const GRAPH_VERSION = 'v21.0';
/** Real hosts. A channel's settings.apiBaseUrl (a proxy or a test double) replaces them, version included. */
export const GRAPH_BASE_URL = `https://graph.facebook.com/${GRAPH_VERSION}`;
/** Instagram API with Instagram Login. */
export const INSTAGRAM_GRAPH_BASE_URL = `https://graph.instagram.com/${GRAPH_VERSION}`;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Messenger and Instagram standard messaging window after the customer's last message. */
export const STANDARD_WINDOW_MS = 24 * HOUR;
/** After the standard window, a HUMAN agent (never a bot or automation) may answer with the HUMAN_AGENT tag for this long. */
export const HUMAN_AGENT_WINDOW_MS = 7 * DAY;
/** A private reply to a comment (recipient.comment_id) must be sent within this long of the comment, once per comment. */
export const PRIVATE_REPLY_WINDOW_MS = 7 * DAY;
/** WhatsApp customer-service window; outside it only an approved template may be sent. */
export const WHATSAPP_WINDOW_MS = 24 * HOUR;

/** Send API text limit (Messenger: 2,000 characters). */
export const MESSENGER_MAX_LENGTH = 2000;
/** Instagram messaging: text must be at most 1,000 bytes of UTF-8 (checked in bytes by the adapter). */
export const INSTAGRAM_MAX_BYTES = 1000;
/** WhatsApp text message body: 4,096 characters. */
export const WHATSAPP_MAX_LENGTH = 4096;

/** Meta times out a webhook call after this long (we only journal before answering). */
export const WEBHOOK_TIMEOUT_MS = 20_000;

/** How long to wait before retrying after each kind of Graph throttling, when Meta gives no hint. */
export const RATE_LIMIT_BACKOFF_MS = {
  /** WhatsApp 131056: too many messages to the same user (about one per 6 s). */
  pairRate: 6_000,
  /** WhatsApp 130429: the number's throughput (80 msg/s by default) was reached. */
  throughput: 2_000,
  /** Graph app/page/business-use-case limits (4, 17, 32, 613, 80001–80009, 131048): a usage window. */
  usage: 60_000,
} as const;

/** Graph error codes that mean "slow down": transient, retried with backoff, never dropped. */
export const RATE_LIMIT_CODES: Record<number, keyof typeof RATE_LIMIT_BACKOFF_MS> = {
  4: 'usage',
  17: 'usage',
  32: 'usage',
  613: 'usage',
  80001: 'usage',
  80002: 'usage',
  80004: 'usage',
  80006: 'usage',
  80007: 'usage',
  80008: 'usage',
  130429: 'throughput',
  131048: 'usage',
  131056: 'pairRate',
};

/** Graph error codes that mean "temporary problem on Meta's side, try again". */
export const TRANSIENT_CODES = new Set([1, 2, 1200, 131000, 131016, 133004]);
