import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseHostAllowList, type HostAllowList } from '../lib/host-allow-list.js';

/**
 * The one configuration object. Every field is documented in README "Configuration";
 * the process refuses to start on a bad value (see loadConfig), naming the variable.
 */
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  HEARKEN_DATA_DIR: z.string().default('./data'),
  HEARKEN_DATABASE_URL: z
    .string()
    .refine((v) => v.startsWith('postgres://') || v.startsWith('postgresql://') || v.startsWith('sqlite:'), {
      message: 'must start with postgres://, postgresql:// or sqlite:',
    })
    .optional(),
  /** PostgreSQL schema to use (default: the connection's search_path, normally "public"). */
  HEARKEN_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lowercase identifier')
    .optional(),
  HEARKEN_ROLES: z
    .string()
    .default('web,worker,scheduler')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['web', 'worker', 'scheduler'])).min(1)),
  /**
   * Embedded mode: how much of the database file each connection reads through a memory map. Off by
   * default: mapped pages of a file that grows all day count as the process's resident memory and
   * are never given back (the soak's resident memory grew 50 % in a minute); the 64 MiB page cache
   * per connection and the OS's file cache serve the same reads.
   */
  HEARKEN_SQLITE_MMAP_MIB: z.coerce.number().int().min(0).max(65536).default(0),
  /**
   * Embedded mode (SQLite) with the web and worker roles in one process: the worker runs on a thread
   * of its own, so intake, reactors and jobs use the second core and never hold up acknowledgements
   * or live streams on the web thread.
   */
  HEARKEN_WORKER_THREAD: bool.default(true),
  /**
   * The worker thread's CPU priority below the web thread's (a nice increment, 0–19): when the two
   * compete for a core, acknowledgements and live streams go first (processes/thread-priority.ts).
   */
  HEARKEN_WORKER_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(10),
  HEARKEN_DEMO: bool.default(true),
  HEARKEN_DEMO_INTERVAL_MS: z.coerce.number().int().min(50).default(8000),
  /** A member whose tabs see no key or pointer for this long becomes away (routing gives them no new work). */
  HEARKEN_AWAY_AFTER_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** 32-byte key (base64 or hex) for channel secrets at rest; generated into the data dir when absent. */
  HEARKEN_SECRET_KEY: z.string().optional(),
  HEARKEN_PUBLIC_URL: z.string().url().optional(),
  HEARKEN_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  HEARKEN_COOKIE_SECURE: bool.default(false),
  HEARKEN_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  HEARKEN_LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  HEARKEN_LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(300),
  HEARKEN_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  HEARKEN_WORKER_POLL_MS: z.coerce.number().int().min(5).default(200),
  HEARKEN_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10000),
  HEARKEN_SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** How long a worker's claim on a job lasts beyond the send timeout; a crashed worker's jobs wait this long. */
  HEARKEN_JOB_LEASE_GRACE_MS: z.coerce.number().int().min(100).default(30_000),
  /** Outgoing mail for e-mailed reports (docs/reports.md): smtp://user:pass@host:587 (STARTTLS) or smtps://…:465. */
  HEARKEN_SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), { message: 'must start with smtp:// or smtps://' })
    .optional(),
  HEARKEN_MAIL_FROM: z.string().min(3).default('Hearken <reports@localhost>'),
  /** Attachments fetched from the networks' media hosts (docs/media.md): where, how big, how long. */
  HEARKEN_MEDIA_DIR: z.string().min(1).optional(),
  HEARKEN_MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(25 * 1024 * 1024),
  HEARKEN_MEDIA_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * The longest a process keeps using a channel's settings/secrets/status after another process
   * changed them, should the change's notification be lost (src/channel-admin/directory.ts). 0 turns the
   * cache off (one SELECT per delivery); capped at a minute so a disabled channel cannot linger.
   */
  HEARKEN_CHANNEL_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Bearer token Prometheus scrapes /metrics with; unset, /metrics answers 404 (queue sizes are not for the public). */
  HEARKEN_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Which HTTP requests get a JSON log line with their request id: none, the failed and slow ones, or all. */
  HEARKEN_ACCESS_LOG: z.enum(['off', 'errors', 'all']).default('errors'),
  /** Scheduled backups in embedded mode (src/backup/scheduled-backup.ts): where, how often (0 = off), how many are kept. */
  HEARKEN_BACKUP_DIR: z.string().min(1).optional(),
  HEARKEN_BACKUP_EVERY_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 366)
    .default(0),
  HEARKEN_BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(7),
  /** How often the scheduler runs data retention (src/retention) for workspaces that set limits; 0 = never (run it from the CLI). */
  HEARKEN_RETENTION_EVERY_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 366)
    .default(24),
  /**
   * Outbound requests (src/net/outbound-http.ts) go to public addresses only; these hosts, addresses
   * and CIDR blocks are allowed besides (an intranet feed, a callback inside the operator's network).
   */
  HEARKEN_OUTBOUND_ALLOW: z
    .string()
    .default('')
    .transform((v, ctx) => {
      try {
        return parseHostAllowList(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
  /** The largest answer body any outbound request reads (media downloads have their own, HEARKEN_MEDIA_MAX_BYTES). */
  HEARKEN_OUTBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /**
   * Lets channel and listening-source settings carry the networks' base URLs (apiBaseUrl, baseUrl)
   * instead of the real hosts: for tests and fakes only. Off, such a setting is refused on save and
   * ignored when stored, so nobody can send a channel's token to a host of their choosing.
   */
  HEARKEN_ALLOW_NETWORK_BASE_URL: bool.default(false),
  /** Single sign-on with OpenID Connect (README "Account security"): the provider's issuer URL, and Hearken's client there. */
  HEARKEN_OIDC_ISSUER: z.string().url().optional(),
  HEARKEN_OIDC_CLIENT_ID: z.string().min(1).optional(),
  HEARKEN_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The button's label: "Sign in with <name>". */
  HEARKEN_OIDC_NAME: z.string().min(1).max(60).default('SSO'),
  /** Comma-separated e-mail domains allowed to sign in this way; empty: any the provider vouches for. */
  HEARKEN_OIDC_ALLOWED_DOMAINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
        .filter(Boolean),
    ),
  /** The workspace people signing in by SSO join, and with which role; "none": only existing accounts may sign in. */
  HEARKEN_OIDC_WORKSPACE: z.string().min(1).optional(),
  HEARKEN_OIDC_DEFAULT_ROLE: z.enum(['none', 'viewer', 'agent', 'admin']).default('none'),
  /** Lets the issuer be plain http (a local test provider only). */
  HEARKEN_OIDC_ALLOW_HTTP: bool.default(false),
});

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  allowedDomains: string[];
  workspaceId: string | null;
  defaultRole: 'none' | 'viewer' | 'agent' | 'admin';
  allowHttp: boolean;
}

type Env = z.infer<typeof envSchema>;

/** The SSO settings hang together: all of issuer, client id and secret, or none; provisioning names its workspace. */
function oidcConfig(e: Env): OidcConfig | null {
  const set = [e.HEARKEN_OIDC_ISSUER, e.HEARKEN_OIDC_CLIENT_ID, e.HEARKEN_OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (set === 0) return null;
  const problem = (m: string) => new ConfigError(`Invalid configuration:\n  ${m}`);
  if (set < 3) throw problem('HEARKEN_OIDC_ISSUER, HEARKEN_OIDC_CLIENT_ID and HEARKEN_OIDC_CLIENT_SECRET go together: set all three or none');
  if (e.HEARKEN_OIDC_ISSUER!.startsWith('http:') && !e.HEARKEN_OIDC_ALLOW_HTTP)
    throw problem('HEARKEN_OIDC_ISSUER: must be https (HEARKEN_OIDC_ALLOW_HTTP is for local test providers)');
  if (e.HEARKEN_OIDC_DEFAULT_ROLE !== 'none' && !e.HEARKEN_OIDC_WORKSPACE)
    throw problem('HEARKEN_OIDC_WORKSPACE: needed when HEARKEN_OIDC_DEFAULT_ROLE provisions members');
  return {
    issuer: e.HEARKEN_OIDC_ISSUER!,
    clientId: e.HEARKEN_OIDC_CLIENT_ID!,
    clientSecret: e.HEARKEN_OIDC_CLIENT_SECRET!,
    name: e.HEARKEN_OIDC_NAME,
    allowedDomains: e.HEARKEN_OIDC_ALLOWED_DOMAINS,
    workspaceId: e.HEARKEN_OIDC_WORKSPACE ?? null,
    defaultRole: e.HEARKEN_OIDC_DEFAULT_ROLE,
    allowHttp: e.HEARKEN_OIDC_ALLOW_HTTP,
  };
}

/** mmapMiB: how much of an embedded database file SQLite reads through a memory map (HEARKEN_SQLITE_MMAP_MIB). */
export type DbConfig = { kind: 'sqlite'; file: string; mmapMiB?: number } | { kind: 'postgres'; url: string; schema?: string };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  db: DbConfig;
  roles: Array<'web' | 'worker' | 'scheduler'>;
  /** HEARKEN_WORKER_THREAD: the worker role on a thread of its own (embedded mode, web + worker). */
  workerThread: boolean;
  /** HEARKEN_WORKER_THREAD_NICE: how much lower the worker thread's CPU priority is. */
  workerThreadNice: number;
  demo: boolean;
  demoIntervalMs: number;
  awayAfterIdleMinutes: number;
  secretKey: Buffer;
  publicUrl: string;
  bodyLimitBytes: number;
  cookieSecure: boolean;
  sessionDays: number;
  loginMaxAttempts: number;
  loginWindowSeconds: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  workerPollMs: number;
  sendTimeoutMs: number;
  sendMaxAttempts: number;
  jobLeaseGraceMs: number;
  smtpUrl: string | null;
  mailFrom: string;
  media: { dir: string; maxBytes: number; timeoutMs: number };
  channelCacheMs: number;
  metricsToken: string | null;
  accessLog: 'off' | 'errors' | 'all';
  backup: { dir: string; everyHours: number; keep: number };
  retention: { everyHours: number };
  /** The outbound client's rules (src/net/outbound-http.ts). */
  outbound: { allow: HostAllowList; maxBytes: number; timeoutMs: number; allowNetworkBaseUrl: boolean };
  /** Single sign-on (src/auth/oidc/); null: off. */
  oidc: OidcConfig | null;
}

export class ConfigError extends Error {}

function parseKey(raw: string): Buffer {
  const hex = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (hex.length !== 32) throw new ConfigError('HEARKEN_SECRET_KEY: must be 32 bytes, as 64 hex characters or base64');
  return hex;
}

/** Reads the key from config, else from <dataDir>/secret.key, creating it once (embedded mode convenience). */
function resolveKey(raw: string | undefined, dataDir: string): Buffer {
  if (raw) return parseKey(raw);
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8').trim());
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.HEARKEN_DATA_DIR);
  let db: DbConfig;
  if (!e.HEARKEN_DATABASE_URL) db = { kind: 'sqlite', file: path.join(dataDir, 'hearken.db'), mmapMiB: e.HEARKEN_SQLITE_MMAP_MIB };
  else if (e.HEARKEN_DATABASE_URL.startsWith('sqlite:')) db = { kind: 'sqlite', file: e.HEARKEN_DATABASE_URL.slice(7), mmapMiB: e.HEARKEN_SQLITE_MMAP_MIB };
  else db = { kind: 'postgres', url: e.HEARKEN_DATABASE_URL, schema: e.HEARKEN_DATABASE_SCHEMA };
  if (e.HEARKEN_DATABASE_URL?.startsWith('postgres') && e.HEARKEN_BACKUP_EVERY_HOURS > 0)
    throw new ConfigError(
      'Invalid configuration:\n  HEARKEN_BACKUP_EVERY_HOURS: scheduled backups are for embedded mode (SQLite); on PostgreSQL schedule `npm run cli -- backup` or pg_dump yourself (README "Backup and restore")',
    );
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    db,
    roles: e.HEARKEN_ROLES,
    workerThread: e.HEARKEN_WORKER_THREAD,
    workerThreadNice: e.HEARKEN_WORKER_THREAD_NICE,
    demo: e.HEARKEN_DEMO,
    demoIntervalMs: e.HEARKEN_DEMO_INTERVAL_MS,
    awayAfterIdleMinutes: e.HEARKEN_AWAY_AFTER_IDLE_MINUTES,
    secretKey: resolveKey(e.HEARKEN_SECRET_KEY, dataDir),
    publicUrl: e.HEARKEN_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    bodyLimitBytes: e.HEARKEN_BODY_LIMIT_BYTES,
    cookieSecure: e.HEARKEN_COOKIE_SECURE,
    sessionDays: e.HEARKEN_SESSION_DAYS,
    loginMaxAttempts: e.HEARKEN_LOGIN_MAX_ATTEMPTS,
    loginWindowSeconds: e.HEARKEN_LOGIN_WINDOW_SECONDS,
    logLevel: e.HEARKEN_LOG_LEVEL,
    workerPollMs: e.HEARKEN_WORKER_POLL_MS,
    sendTimeoutMs: e.HEARKEN_SEND_TIMEOUT_MS,
    sendMaxAttempts: e.HEARKEN_SEND_MAX_ATTEMPTS,
    jobLeaseGraceMs: e.HEARKEN_JOB_LEASE_GRACE_MS,
    smtpUrl: e.HEARKEN_SMTP_URL ?? null,
    mailFrom: e.HEARKEN_MAIL_FROM,
    media: {
      dir: path.resolve(e.HEARKEN_MEDIA_DIR ?? path.join(dataDir, 'media')),
      maxBytes: e.HEARKEN_MEDIA_MAX_BYTES,
      timeoutMs: e.HEARKEN_MEDIA_TIMEOUT_MS,
    },
    channelCacheMs: e.HEARKEN_CHANNEL_CACHE_MS,
    metricsToken: e.HEARKEN_METRICS_TOKEN ?? null,
    accessLog: e.HEARKEN_ACCESS_LOG,
    backup: {
      dir: path.resolve(e.HEARKEN_BACKUP_DIR ?? path.join(dataDir, 'backups')),
      everyHours: e.HEARKEN_BACKUP_EVERY_HOURS,
      keep: e.HEARKEN_BACKUP_KEEP,
    },
    retention: { everyHours: e.HEARKEN_RETENTION_EVERY_HOURS },
    outbound: {
      allow: e.HEARKEN_OUTBOUND_ALLOW,
      maxBytes: e.HEARKEN_OUTBOUND_MAX_BYTES,
      // A request that names no budget of its own gets the send timeout.
      timeoutMs: e.HEARKEN_SEND_TIMEOUT_MS,
      allowNetworkBaseUrl: e.HEARKEN_ALLOW_NETWORK_BASE_URL,
    },
    oidc: oidcConfig(e),
  };
}
