import { parseArgs } from 'node:util';
import { createApiToken } from '../auth/api-tokens.js';
import { resetPassword } from '../auth/reset-password.js';
import { ConfigError } from '../config/index.js';
import { withCliApp } from './with-app.js';
import { replayJournal } from '../intake/processor.js';
import { listIntakeFailures } from '../intake/list-failures.js';
import { randomToken } from '../lib/crypto.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { METRICS_HELP, runMetricsCli } from './metrics.js';
import { CHANNELS_HELP, runChannelsCli } from './channels.js';
import { REACTORS_HELP, runReactorsCli } from './reactors.js';
import { PRIVACY_HELP, runPrivacyCli } from './privacy.js';
import { CONTACTS_CSV_HELP, isContactsCsvCall, runContactsCsvCli } from './contacts-csv.js';
import { BACKUP_HELP, runBackupCli } from './backup.js';
import { RETENTION_HELP, runRetentionCli } from './retention.js';
import { RULES_HELP, runRulesCli } from './rules.js';
import { parseSince, reEnrichSince } from '../enrich/reenrich.js';
import { markWorkspaceStale } from '../metrics/rollup/mark-stale.js';
import { projectAll } from '../metrics/rollup/project-stale.js';

const HELP = `Hearken admin CLI — runs against the database your environment configures (HEARKEN_DATABASE_URL / HEARKEN_DATA_DIR).

  npm run cli -- workspaces                                   list workspaces with their members
  npm run cli -- create-workspace --name N --email E [--password P]
  npm run cli -- reset-password --email E [--password P]      prints a new password when none is given; signs out, revokes API tokens
  npm run cli -- create-token --email E --workspace W [--name N]
  npm run cli -- intake-failures --workspace W                deliveries (or events of them) that could not be processed
  npm run cli -- replay --workspace W                         re-process them (after a fix)
  npm run cli -- migrate                                      apply pending migrations and exit
  npm run cli -- enrich --since 7d|2026-11-01 [--workspace W] re-run triage (language, sentiment, intent…) on customer messages since then
  npm run cli -- metrics-rebuild [--workspace W]              recompute the metric rollups (after a metric rule changed)
${METRICS_HELP}
${CHANNELS_HELP}
${REACTORS_HELP}
${PRIVACY_HELP}
${CONTACTS_CSV_HELP}
${BACKUP_HELP}
${RETENTION_HELP}
${RULES_HELP}
`;

type Out = (line: string) => void;

/** One admin task per command; prints its result, exits non-zero with a reason on bad input. */
export async function runCli(argv: string[], out: Out = (l) => process.stdout.write(l + '\n')): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'import' || command === 'report') return runMetricsCli(command, rest, out);
  if (command === 'channels') return runChannelsCli(rest, out);
  if (command === 'reactors') return runReactorsCli(rest, out);
  if (command === 'contacts' && isContactsCsvCall(rest)) return runContactsCsvCli(rest, out);
  if (command === 'contacts' || command === 'audit') return runPrivacyCli(command, rest, out);
  if (command === 'backup' || command === 'restore') return runBackupCli(command, rest, out);
  if (command === 'retention') return runRetentionCli(rest, out);
  if (command === 'rules') return runRulesCli(rest, out);
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, workspace: { type: 'string' }, since: { type: 'string' } },
    strict: true,
  });
  if (!command || command === 'help' || command === '--help') {
    out(HELP);
    return command ? 0 : 2;
  }
  return withCliApp(async (app) => {
    const db = app.store.db;
    const need = (k: keyof typeof values) => {
      const v = values[k];
      if (!v) throw new UsageError(`--${k} is required for ${command}`);
      return v;
    };
    switch (command) {
      case 'migrate':
        out('migrations are up to date');
        return 0;
      case 'workspaces': {
        const rows = await db
          .selectFrom('workspaces')
          .innerJoin('memberships', 'memberships.workspace_id', 'workspaces.id')
          .innerJoin('users', 'users.id', 'memberships.user_id')
          .select(['workspaces.id', 'workspaces.name', 'users.email', 'memberships.role'])
          .orderBy('workspaces.created_at')
          .execute();
        for (const r of rows) out(`${r.id}\t${r.name}\t${r.email}\t${r.role}`);
        return 0;
      }
      case 'create-workspace': {
        const ws = await createWorkspace(db, {
          name: need('name'),
          ownerEmail: need('email'),
          ownerName: need('email').split('@')[0],
          password: values.password,
          now: app.now(),
        });
        out(`workspace ${ws.workspaceId} created; owner ${ws.ownerEmail}${ws.generatedPassword ? ` with password ${ws.generatedPassword}` : ''}`);
        return 0;
      }
      case 'reset-password': {
        const password = values.password ?? randomToken(12);
        if (password.length < 10) throw new UsageError('--password must be at least 10 characters');
        const r = await resetPassword(app, { email: need('email'), password, generated: !values.password });
        if (!r) throw new UsageError(`no user with email ${values.email}`);
        const ended = `existing sessions signed out, ${r.revokedTokens} API tokens revoked`;
        out(values.password ? `password changed; ${ended}` : `new password: ${password} (${ended})`);
        return 0;
      }
      case 'create-token': {
        const m = await db
          .selectFrom('memberships')
          .innerJoin('users', 'users.id', 'memberships.user_id')
          .select(['users.id'])
          .where('users.email', '=', need('email').toLowerCase())
          .where('memberships.workspace_id', '=', need('workspace'))
          .executeTakeFirst();
        if (!m) throw new UsageError(`${values.email} is not a member of workspace ${values.workspace}`);
        const t = await createApiToken(db, { workspaceId: values.workspace!, userId: m.id, name: values.name ?? 'cli', now: app.now() });
        out(t.token);
        return 0;
      }
      case 'intake-failures': {
        const rows = await listIntakeFailures(app, { workspaceId: need('workspace'), limit: 10_000 });
        for (const r of rows.reverse()) {
          out(`${r.id}\t${r.receivedAt}\t${r.error}`);
          for (const e of r.failedEvents) out(`${r.id}#${e.index}\t\t${e.error}`);
        }
        if (!rows.length) out('no failed deliveries');
        return 0;
      }
      case 'replay': {
        const n = await replayJournal(app, { workspaceId: need('workspace') });
        out(`${n} deliveries queued again; a running worker processes them`);
        return 0;
      }
      case 'enrich': {
        const since = parseSince(need('since'), app.now());
        if (since === undefined) throw new UsageError(`--since must be an ISO date (2026-11-01) or a duration (30m, 12h, 7d, 2w), not "${values.since}"`);
        if (values.workspace && !(await db.selectFrom('workspaces').select('id').where('id', '=', values.workspace).executeTakeFirst()))
          throw new UsageError(`no workspace ${values.workspace}`);
        out(`re-enriching customer messages since ${new Date(since).toISOString()}${values.workspace ? ` in workspace ${values.workspace}` : ''}…`);
        const n = await reEnrichSince(app, { since, workspaceId: values.workspace, onProgress: (done, total) => out(`  ${done}/${total} messages`) });
        out(`${n} messages enriched again`);
        return 0;
      }
      case 'metrics-rebuild': {
        const ids = values.workspace ? [values.workspace] : (await db.selectFrom('workspaces').select('id').execute()).map((w) => w.id);
        if (values.workspace && !(await db.selectFrom('workspaces').select('id').where('id', '=', values.workspace).executeTakeFirst()))
          throw new UsageError(`no workspace ${values.workspace}`);
        let marked = 0;
        for (const id of ids) marked += await markWorkspaceStale(db, id, app.now());
        const n = await projectAll(app, values.workspace);
        out(`${marked} conversations marked, ${n} projected into the metric rollups`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
    }
  });
}

class UsageError extends Error {}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((err) => {
      process.stderr.write(
        `${err instanceof UsageError || err instanceof ConfigError || err?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? err.message : (err?.stack ?? err)}\n`,
      );
      process.exit(2);
    });
}
