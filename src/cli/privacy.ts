import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { auditCsv, listAudit } from '../audit/list-audit.js';
import { AppError } from '../lib/errors.js';
import { exportArchive } from '../privacy/export-archive.js';
import { exportContact } from '../privacy/export-contact.js';
import { eraseContact } from '../privacy/erase-contact.js';
import { withCliApp } from './with-app.js';

export const PRIVACY_HELP = `  npm run cli -- contacts export CONTACT_ID --workspace W --out FILE.zip   everything about a person (data.json + files); audited
  npm run cli -- contacts erase CONTACT_ID --workspace W --yes            erase a person's data for good (metrics unchanged); audited
  npm run cli -- audit --workspace W [--action contact.] [--csv]          the audit log, newest first (--csv: all of it as CSV)`;

const CLI_ACTOR = { userId: null, via: 'cli' } as const;

/** Privacy requests and the audit trail from the command line, for operators without a browser session. */
export async function runPrivacyCli(command: 'contacts' | 'audit', args: string[], out: (line: string) => void): Promise<number> {
  const usage = (why: string) => {
    out(`${why}\nusage:\n${PRIVACY_HELP}`);
    return 2;
  };
  const [sub, contactId, ...rest]: Array<string | undefined> = command === 'contacts' ? args : ['list', undefined, ...args];
  let values: { workspace?: string; out?: string; yes?: boolean; action?: string; csv?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest.filter((a): a is string => a !== undefined),
      options: { workspace: { type: 'string' }, out: { type: 'string' }, yes: { type: 'boolean' }, action: { type: 'string' }, csv: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  const workspaceId = values.workspace;
  if (!workspaceId) return usage('--workspace is required');
  if (command === 'contacts' && (!contactId || (sub !== 'export' && sub !== 'erase'))) return usage('contacts takes export or erase and a contact id');
  if (sub === 'export' && !values.out) return usage('--out FILE.zip is required');
  if (sub === 'erase' && !values.yes) return usage('erasure cannot be undone: add --yes to confirm');
  return withCliApp(async (app) => {
    try {
      if (sub === 'export') {
        const exp = await exportContact(app, { workspaceId, contactId: contactId!, actor: CLI_ACTOR });
        await pipeline(await exportArchive(app, exp), createWriteStream(values.out!, { mode: 0o600 }));
        out(`exported ${contactId} to ${values.out}: ${(exp.document.conversations as unknown[]).length} conversations, ${exp.files.length} files`);
        return 0;
      }
      if (sub === 'erase') {
        const r = await eraseContact(app, { workspaceId, contactId: contactId!, actor: CLI_ACTOR });
        out(
          `erased ${contactId}: ${r.contacts} contact record(s), ${r.identities} accounts, ${r.messages} messages in ${r.conversations} conversations; raw deliveries and files are scrubbed by the next job run`,
        );
        return 0;
      }
      const page = await listAudit(app.store.db, { workspaceId, action: values.action, limit: values.csv ? 100_000 : 50 });
      if (values.csv) out(auditCsv(page.items).trimEnd());
      else for (const e of page.items) out(`${e.at}\t${e.actor}\t${e.action}\t${e.targetType}:${e.targetId ?? '-'}\t${JSON.stringify(e.data)}`);
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
