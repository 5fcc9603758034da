import { parseArgs } from 'node:util';
import { reactorStatus, replayReactor } from '../events/reactors.js';
import { reactors } from '../processes/reactors.js';
import { withCliApp } from './with-app.js';

export const REACTORS_HELP = `  npm run cli -- reactors                                     each reactor following the event log: its cursor and lag
  npm run cli -- reactors replay NAME --from EVENT_ID         move NAME's cursor back: it handles every event from EVENT_ID on again`;

/**
 * `reactors` lists where each reactor stands; `reactors replay` moves one back (docs/events.md).
 * Exit 2 on a usage error, like the other commands.
 */
export async function runReactorsCli(args: string[], out: (line: string) => void): Promise<number> {
  const [sub, name, ...rest] = args;
  if (sub === undefined || sub === 'list') {
    return withCliApp(async (app) => {
      out('reactor\tcursor\tlag\tupdated');
      for (const s of await reactorStatus(app, reactors))
        out(`${s.name}\t${s.cursor ?? '-'}\t${s.lag}\t${s.updatedAt ? new Date(s.updatedAt).toISOString() : '-'}`);
      return 0;
    });
  }
  const { values } = parseArgs({ args: rest, options: { from: { type: 'string' } }, strict: true });
  const reactor = reactors.find((r) => r.name === name);
  const from = Number(values.from);
  if (sub !== 'replay' || !reactor || !values.from || !Number.isInteger(from) || from < 1) {
    out(
      sub === 'replay' && name && !reactor
        ? `no reactor "${name}"; there are: ${reactors.map((r) => r.name).join(', ')}`
        : `usage:\n${REACTORS_HELP}\n(--from is an event id, 1 or more)`,
    );
    return 2;
  }
  return withCliApp(async (app) => {
    try {
      const r = await replayReactor(app, reactor, from);
      out(`${reactor.name}: cursor moved from ${r.from ?? '-'} to ${r.to}; a running worker handles events ${from} onwards again`);
      return 0;
    } catch (err) {
      out(String((err as Error).message));
      return 2;
    }
  });
}
