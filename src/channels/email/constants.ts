/**
 * Every number Hearken's email channel lives by, in one place (docs/channels-email.md).
 */

/** Default ports: IMAP over TLS, SMTP submission with STARTTLS. */
export const DEFAULT_IMAP_PORT = 993;
export const DEFAULT_SMTP_PORT = 587;

/** Messages fetched per poll (the next poll continues from the stored UID). */
export const MAX_MESSAGES_PER_POLL = 50;
/** A raw message bigger than this is journaled without its attachments' content (headers and text kept). */
export const MAX_RAW_BYTES = 10 * 1024 * 1024;
/** On the first poll, or after the mailbox's UIDVALIDITY changed, mail received this many days back is read. */
export const BACKFILL_DAYS = 3;
/** How often the scheduler should poll a mailbox. */
export const DEFAULT_POLL_INTERVAL_MS = 60_000;

/** Reply text limit (no network limit; a sane bound for a customer-care answer). */
export const MAX_REPLY_LENGTH = 100_000;
/** Displayed text is cut here (the raw message stays in the journal). */
export const MAX_DISPLAY_LENGTH = 100_000;
