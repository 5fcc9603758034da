/**
 * Every number and name X imposes on Hearken, in one place (docs/channels-x.md cites the source
 * of each). X changes these, and its rate limits depend on the API tier: change them here.
 */

/** Real host, API v2. A channel's settings.apiBaseUrl (a proxy or a test double) replaces it, "/2" included. */
export const X_API_BASE_URL = 'https://api.x.com/2';

/** A post: 280 weighted characters (twitter-text v3 rules: URLs 23, CJK/emoji 2). */
export const X_MAX_WEIGHTED_LENGTH = 280;

/** Account Activity: deliveries are signed in this header, "sha256=<base64 HMAC-SHA256(consumer secret, body)>". */
export const WEBHOOK_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';
/** X sends a CRC GET at registration, then about hourly (every 30 min until validated); answer within 3 s. */
export const CRC_ANSWER_BUDGET_MS = 3_000;

/** OAuth 1.0a: X refuses requests whose oauth_timestamp is too far from its clock. */
export const OAUTH_TIMESTAMP_TOLERANCE_S = 300;

/** Polling: page size of the mentions timeline and DM events (both accept 5/1–100). */
export const POLL_PAGE_SIZE = 100;
/** Polling: pages followed per poll to catch up after a pause (each page is one request of the tier's quota). */
export const POLL_MAX_PAGES = 5;
/**
 * How often the scheduler should poll one channel. Mentions timeline and DM events are limited per
 * 15-minute window by tier (e.g. Basic: 10 mention requests / 15 min / user); a minute keeps two
 * calls per poll within the paid tiers. Channels may set settings.pollIntervalSeconds.
 */
export const DEFAULT_POLL_INTERVAL_MS = 60_000;

/** When a 429 carries neither x-rate-limit-reset nor retry-after: X's windows are 15 minutes. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 15 * 60_000;

export const TWEET_FIELDS = 'id,text,author_id,conversation_id,created_at,in_reply_to_user_id,referenced_tweets,attachments';
export const DM_EVENT_FIELDS = 'id,text,event_type,dm_conversation_id,created_at,sender_id,participant_ids,attachments';
export const USER_FIELDS = 'id,name,username';
