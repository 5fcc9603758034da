/**
 * Every number and name the Telegram Bot API imposes on Hearken, in one place
 * (docs/channels-telegram.md cites the source of each). Telegram changes these; change them here.
 */

/** Real host. A channel's settings.apiBaseUrl (a proxy or a test double) replaces it. */
export const TELEGRAM_API_BASE_URL = 'https://api.telegram.org';

/** sendMessage: "Text of the message to be sent, 1-4096 characters after entities parsing" (counted in UTF-16 units, like entity offsets). */
export const TELEGRAM_MAX_TEXT_LENGTH = 4096;

/** setWebhook secret_token: "1-256 characters. Only characters A-Z, a-z, 0-9, _ and - are allowed." */
export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;
/** The header Telegram sends the secret token in on every webhook request (lower-cased as Node gives it). */
export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

/** A bot token as @BotFather gives it: "<bot id>:<secret>". */
export const BOT_TOKEN_PATTERN = /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/;

/** The update types Hearken asks for (setWebhook / getUpdates allowed_updates); others are ignored anyway. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/** getUpdates: "Limits the number of updates to be retrieved. Values between 1-100 are accepted." */
export const GET_UPDATES_LIMIT = 100;
/** Long-polling wait Hearken's scheduler may pass (seconds); 0 = short polling. */
export const DEFAULT_POLL_TIMEOUT_S = 0;

/** setWebhook max_connections: 1-100, Telegram's default 40. */
export const WEBHOOK_MAX_CONNECTIONS = 40;

/** When a 429 carries no parameters.retry_after, wait this long (Telegram's per-chat pace is about 1 message/s). */
export const DEFAULT_RETRY_AFTER_MS = 1_000;
