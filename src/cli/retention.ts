import { parseArgs } from 'node:util';
import type { App } from '../app.js';
import { AppError } from '../lib/errors.js';
import { describeIssues } from '../lib/zod-error.js';
import { workspacesWithLimits } from '../retention/retention-job.js';
import { runRetention } from '../retention/run-retention.js';
import { getRetention, RETENTION_KEYS, type RetentionKey, retentionSchema, saveRetention } from '../retention/settings.js';
import { withCliApp } from './with-app.js';

export const RETENTION_HELP = `  npm run cli -- retention show --workspace W                  days kept per kind, the last run, what was removed so far
  npm run cli -- retention set --workspace W [--journal N|forever] [--events N|forever] [--media N|forever] [--conversations N|forever]
  npm run cli -- retention run [--workspace W]                 apply the settings now (every workspace with limits when none is named)`;

const OPTION: Record<RetentionKey, string> = { journalDays: 'journal', eventsDays: 'events', mediaDays: 'media', conversationsDays: 'conversations' };
const CLI_ACTOR = { userId: null, via: 'cli' } as const;

/** `retention show|set|run`: 0 on success, 1 when refused (with the reason), 2 on a usage error. */
export async function runRetentionCli(args: string[], out: (line: string) => void): Promise<number> {
  const usage = (why: string) => {
    out(`${why}\nusage:\n${RETENTION_HELP}`);
    return 2;
  };
  const [sub, ...rest] = args;
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        workspace: { type: 'string' },
        journal: { type: 'string' },
        events: { type: 'string' },
        media: { type: 'string' },
        conversations: { type: 'string' },
      },
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  if (sub !== 'show' && sub !== 'set' && sub !== 'run') return usage('retention takes show, set or run');
  const workspaceId = values.workspace;
  if (!workspaceId && sub !== 'run') return usage('--workspace is required');
  const change: Partial<Record<RetentionKey, number | null>> = {};
  if (sub === 'set') {
    for (const k of RETENTION_KEYS) {
      const v = values[OPTION[k]];
      if (v === undefined) continue;
      if (v === 'forever') change[k] = null;
      else if (/^\d+$/.test(v)) change[k] = Number(v);
      else return usage(`--${OPTION[k]}: a number of days or "forever", not "${v}"`);
    }
    if (!Object.keys(change).length) return usage('set needs at least one of --journal, --events, --media, --conversations');
    const parsed = retentionSchema.safeParse(change);
    if (!parsed.success) return usage(describeIssues(parsed.error, '', '(settings)'));
  }
  return withCliApp(async (app) => {
    try {
      if (workspaceId && !(await app.store.db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst())) {
        out(`no workspace ${workspaceId}`);
        return 1;
      }
      if (sub === 'show') return show(app, workspaceId!, out);
      if (sub === 'set') {
        await saveRetention(app, { workspaceId: workspaceId!, actorUserId: null, change });
        return show(app, workspaceId!, out);
      }
      const ids = workspaceId ? [workspaceId] : await workspacesWithLimits(app);
      if (!ids.length) out('no workspace keeps anything for a limited time');
      for (const id of ids) {
        const run = await runRetention(app, { workspaceId: id, trigger: 'cli', actor: CLI_ACTOR });
        const r = run.removed;
        out(
          `${id}: removed ${r.conversations} conversations (${r.messages} messages), ${r.events} events, ${r.journal} raw deliveries, ${r.media} stored attachments and uploads, ${r.files} files`,
        );
      }
      return 0;
    } catch (err) {
      if (err instanceof AppError) {
        out(err.message);
        return 1;
      }
      throw err;
    }
  });
}

async function show(app: App, workspaceId: string, out: (line: string) => void): Promise<number> {
  const r = await getRetention(app, workspaceId);
  for (const k of RETENTION_KEYS) out(`${OPTION[k]}\t${r[k] === null ? 'forever' : `${r[k]} days`}`);
  const last = r.lastRun;
  out(
    last
      ? `last run\t${last.startedAt} (${last.trigger})${last.error ? ` failed: ${last.error}` : ''}\tremoved ${JSON.stringify(last.removed)}`
      : 'last run\tnever',
  );
  out(`removed so far\t${JSON.stringify(r.totals)}`);
  return 0;
}
