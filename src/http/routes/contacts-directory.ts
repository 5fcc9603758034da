import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { exportContactsCsv } from '../../contacts/export-contacts-csv.js';
import { findDuplicates } from '../../contacts/find-duplicates.js';
import { importContactsCsv } from '../../contacts/import-contacts-csv.js';
import { IMPORT_LIMITS } from '../../contacts/plan-import.js';
import { unmergeContact } from '../../contacts/unmerge-contact.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

const exportQuery = z.object({ q: z.string().max(200).optional() });
const importBody = z.strictObject({
  csv: z.string().min(1, 'the file is empty'),
  mapping: z.record(z.string().max(200), z.string().max(60)).optional(),
  dryRun: z.boolean().default(false),
});
const unmergeBody = z.strictObject({ mergeId: z.string().min(1).max(64) });

/**
 * The directory's bulk and repair routes: CSV export and import, possible duplicates, unmerge.
 * Mounted before mountContacts so /contacts/export and /contacts/import are not taken for ids.
 */
export function mountContactsDirectory(http: Hono<HonoEnv>) {
  http.use('/api/v1/contacts/*', requireAuth);

  describe({
    method: 'get',
    path: '/api/v1/contacts/export',
    tag: 'contacts',
    summary: 'All contacts (or those matching q) as CSV: id, name, email, phone, accounts, conversations, created_at, one column per attribute',
    query: exportQuery,
    responses: { '200': 'text/csv', '403': 'needs contacts.export' },
  });
  http.get('/api/v1/contacts/export', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'contacts.export');
    const { q } = parseQuery(c, exportQuery);
    const { csv } = await exportContactsCsv(c.get('app').store.db, { workspaceId: p.workspaceId, q });
    return new Response(csv, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="hearken-contacts.csv"', 'cache-control': 'no-store' },
    });
  });

  describe({
    method: 'post',
    path: '/api/v1/contacts/import',
    tag: 'contacts',
    summary: `Import a CSV (at most ${IMPORT_LIMITS.maxRows} rows, 2 MB): rows match contacts by id, e-mail or phone to update, else create; dryRun previews; bad rows are reported and not applied`,
    body: importBody,
    responses: {
      '200': '{headers, mapping, preview, rows, created, updated, failed: [{row, errors}], applied}',
      '400': 'unreadable file or bad mapping',
      '403': 'needs contacts.manage',
      '413': 'file too large',
    },
  });
  http.post('/api/v1/contacts/import', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'contacts.manage');
    const body = await parseBody(c, importBody);
    return c.json(await importContactsCsv(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...body }));
  });

  describe({
    method: 'get',
    path: '/api/v1/contacts/{id}/duplicates',
    tag: 'contacts',
    summary: 'Contacts that may be the same person (same e-mail, phone, name or handle), with what tells them apart',
    responses: {
      '200': '{items: [{id, name, reasons, identities, createdAt, conversationCount, lastMessageAt, lastMessagePreview}]}',
      '404': 'no such contact',
    },
  });
  http.get('/api/v1/contacts/:id/duplicates', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    return c.json({ items: await findDuplicates(c.get('app').store.db, { workspaceId: p.workspaceId, id: c.req.param('id') }) });
  });

  describe({
    method: 'post',
    path: '/api/v1/contacts/{id}/unmerge',
    tag: 'contacts',
    summary: 'Undo a merge into this contact (mergeId from mergedFrom): the other contact gets back its accounts, conversations and details',
    body: unmergeBody,
    responses: { '200': 'the contact', '403': 'needs contacts.manage', '404': 'no such merge', '409': 'already undone, or a later merge is in the way' },
  });
  http.post('/api/v1/contacts/:id/unmerge', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'contacts.manage');
    const body = await parseBody(c, unmergeBody);
    return c.json(
      await unmergeContact(c.get('app'), { workspaceId: p.workspaceId, survivorId: c.req.param('id'), mergeId: body.mergeId, actorUserId: p.userId }),
    );
  });
}
