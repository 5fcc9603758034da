import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../lib/errors.js';
import { describeIssues } from '../lib/zod-error.js';
import { exportRules } from '../rules/export-rules.js';
import { importRules } from '../rules/import-rules.js';
import { listRules } from '../rules/list-rules.js';
import { rulesFileSchema } from '../rules/model.js';
import { withCliApp } from './with-app.js';

export const RULES_HELP = `  npm run cli -- rules list --workspace W                      automation rules in the order they run
  npm run cli -- rules export --workspace W [--out F]         the rules as JSON (to stdout, or the file F)
  npm run cli -- rules import --workspace W --file F [--replace]  import an export file (all or nothing; --replace deletes the existing rules first)`;

/** `rules list|export|import`: 0 on success, 1 when refused (with the reason), 2 on a usage error. */
export async function runRulesCli(args: string[], out: (line: string) => void): Promise<number> {
  const usage = (why: string) => {
    out(`${why}\nusage:\n${RULES_HELP}`);
    return 2;
  };
  const [sub, ...rest] = args;
  let values: { workspace?: string; out?: string; file?: string; replace?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: { workspace: { type: 'string' }, out: { type: 'string' }, file: { type: 'string' }, replace: { type: 'boolean' } },
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  if (sub !== 'list' && sub !== 'export' && sub !== 'import') return usage('rules takes list, export or import');
  const workspaceId = values.workspace;
  if (!workspaceId) return usage('--workspace is required');
  let file: unknown;
  if (sub === 'import') {
    if (!values.file) return usage('import needs --file');
    try {
      file = JSON.parse(readFileSync(values.file, 'utf8'));
    } catch (err) {
      out(`cannot read ${values.file}: ${(err as Error).message}`);
      return 1;
    }
    const parsed = rulesFileSchema.safeParse(file);
    if (!parsed.success) {
      out(`not a rules file: ${describeIssues(parsed.error, '', '(file)')}`);
      return 1;
    }
    file = parsed.data;
  }
  return withCliApp(async (app) => {
    if (!(await app.store.db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst())) {
      out(`no workspace ${workspaceId}`);
      return 1;
    }
    try {
      if (sub === 'list') {
        const rules = await listRules(app, workspaceId);
        if (!rules.length) out('no rules');
        for (const r of rules)
          out(
            `${String(r.position).padStart(3)}. ${r.enabled ? 'on ' : 'off'}  ${r.name}  (when ${r.trigger.type}; ${r.actions.map((a) => a.type).join(', ')})  fired ${r.firingCount}×${r.lastFiredAt ? `, last ${r.lastFiredAt}` : ''}  ${r.id}`,
          );
        return 0;
      }
      if (sub === 'export') {
        const json = JSON.stringify(await exportRules(app, workspaceId), null, 2);
        if (values.out) {
          writeFileSync(values.out, `${json}\n`);
          out(`wrote ${values.out}`);
        } else out(json);
        return 0;
      }
      const rules = await importRules(app, { workspaceId, actorUserId: null, file: file as never, replace: values.replace });
      out(`imported; the workspace has ${rules.length} rule(s)`);
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
