import { parseArgs } from 'node:util';
import { checkChannels, formatChecks } from '../channel-admin/check-channels.js';
import { withCliApp } from './with-app.js';

export const CHANNELS_HELP = `  npm run cli -- channels check [--workspace W] [--json]     verify each channel's credentials and webhooks with its network`;

/**
 * `channels check`: prints one row per channel and exits 1 when any failed (0 when all passed
 * or were skipped, 2 on a usage error), so it can gate a deploy or a cron alert.
 */
export async function runChannelsCli(args: string[], out: (line: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { workspace: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  if (sub !== 'check') {
    out(`usage:\n${CHANNELS_HELP}`);
    return 2;
  }
  return withCliApp(async (app) => {
    const rows = await checkChannels(app, { workspaceId: values.workspace });
    if (values.json) out(JSON.stringify({ channels: rows }, null, 2));
    else out(rows.length ? formatChecks(rows) : values.workspace ? `no channels in workspace ${values.workspace}` : 'no channels');
    const failed = rows.filter((r) => r.status === 'failed').length;
    if (!values.json) out(failed ? `\n${failed} of ${rows.length} channels failed` : `\nall ${rows.length} channels ok`);
    return failed ? 1 : 0;
  });
}
