import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportContactsCsv } from '../contacts/export-contacts-csv.js';
import { importContactsCsv } from '../contacts/import-contacts-csv.js';
import { AppError } from '../lib/errors.js';
import { withCliApp } from './with-app.js';

export const CONTACTS_CSV_HELP = `  npm run cli -- contacts export --workspace W [--q TEXT] [--out FILE.csv]     the contacts directory as CSV (stdout without --out)
  npm run cli -- contacts import FILE.csv --workspace W [--dry-run]           update (by id, e-mail, phone) or create contacts; bad rows are listed, not applied`;

/** Is this `contacts …` call the directory's CSV (export without a contact id, or import)? */
export const isContactsCsvCall = (args: string[]) => args[0] === 'import' || (args[0] === 'export' && (!args[1] || args[1].startsWith('--')));

/** The contacts directory's CSV from the command line: the same format and checks as the API (contacts/csv-columns.ts). */
export async function runContactsCsvCli(args: string[], out: (line: string) => void): Promise<number> {
  const usage = (why: string) => {
    out(`${why}\nusage:\n${CONTACTS_CSV_HELP}`);
    return 2;
  };
  const [sub, ...rest] = args;
  let parsed: { values: { workspace?: string; out?: string; q?: string; 'dry-run'?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: { workspace: { type: 'string' }, out: { type: 'string' }, q: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  const workspaceId = values.workspace;
  if (!workspaceId) return usage('--workspace is required');
  const file = positionals[0];
  if (sub === 'import' && !file) return usage('contacts import needs the CSV file');
  let csv = '';
  if (sub === 'import') {
    try {
      csv = readFileSync(file!, 'utf8');
    } catch (err) {
      return usage(`cannot read ${file}: ${(err as Error).message}`);
    }
  }
  return withCliApp(async (app) => {
    try {
      if (sub === 'export') {
        const r = await exportContactsCsv(app.store.db, { workspaceId, q: values.q });
        if (values.out) {
          writeFileSync(values.out, r.csv, { mode: 0o600 });
          out(`exported ${r.rows} contacts to ${values.out}`);
        } else out(r.csv.trimEnd());
        return 0;
      }
      const r = await importContactsCsv(app, { workspaceId, actorUserId: null, csv, dryRun: !!values['dry-run'] });
      out(`${r.applied ? 'imported' : 'checked (nothing changed)'}: ${r.rows} rows, ${r.created} new, ${r.updated} updated, ${r.failed.length} with errors`);
      for (const f of r.failed) out(`row ${f.row}: ${f.errors.join('; ')}`);
      return r.failed.length ? 1 : 0;
    } catch (err) {
      if (err instanceof AppError) {
        out(err.message);
        return 1;
      }
      throw err;
    }
  });
}
