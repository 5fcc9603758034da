import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { attributesPatchSchema } from '../../contacts/attributes.js';
import { emailField, phoneField } from '../../contacts/contact-fields.js';
import { getContact } from '../../contacts/get-contact.js';
import { listContacts } from '../../contacts/list-contacts.js';
import { mergeContacts } from '../../contacts/merge-contacts.js';
import { updateContact } from '../../contacts/update-contact.js';
import { Readable } from 'node:stream';
import { exportArchive } from '../../privacy/export-archive.js';
import { exportContact } from '../../privacy/export-contact.js';
import { eraseContact } from '../../privacy/erase-contact.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

const listQuery = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

const patchBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    email: emailField.optional(),
    phone: phoneField.optional(),
    attributes: attributesPatchSchema.optional(),
  })
  .refine((b) => b.name !== undefined || b.attributes !== undefined || b.email !== undefined || b.phone !== undefined, {
    message: 'send name, email, phone and/or attributes',
  });

const mergeBody = z.strictObject({ otherContactId: z.string().min(1).max(64) });

// Typing the word is the API's version of the web app's confirmation: an erasure cannot be undone.
const eraseBody = z.strictObject({ confirm: z.literal('ERASE', { message: 'send confirm: "ERASE" — erasure cannot be undone' }) });

/** Contacts: people, their identities on each network, their history across channels, merging. */
export function mountContacts(http: Hono<HonoEnv>) {
  // Hono's /* also matches the bare /api/v1/contacts.
  http.use('/api/v1/contacts/*', requireAuth);

  describe({
    method: 'get',
    path: '/api/v1/contacts',
    tag: 'contacts',
    summary: 'List contacts, newest first; q searches name, e-mail, phone, handle and external id',
    query: listQuery,
    responses: { '200': '{items, nextCursor}', '400': 'bad query' },
  });
  http.get('/api/v1/contacts', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    const query = parseQuery(c, listQuery);
    return c.json(await listContacts(c.get('app').store.db, { workspaceId: p.workspaceId, ...query }));
  });

  describe({
    method: 'get',
    path: '/api/v1/contacts/{id}',
    tag: 'contacts',
    summary: 'A contact with identities and conversations on every channel; a merged contact answers {mergedInto}',
    responses: { '200': 'the contact, or {mergedInto} when it was merged', '404': 'no such contact' },
  });
  http.get('/api/v1/contacts/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    const view = await getContact(c.get('app').store.db, { workspaceId: p.workspaceId, id: c.req.param('id') });
    return c.json('contact' in view ? view.contact : view);
  });

  describe({
    method: 'patch',
    path: '/api/v1/contacts/{id}',
    tag: 'contacts',
    summary: 'Change a contact’s name, e-mail, phone (E.164) and/or attributes (null deletes a key; defined attributes are checked against their type)',
    body: patchBody,
    responses: { '200': 'the contact', '400': 'bad input', '403': 'needs contacts.manage', '404': 'no such contact', '409': 'contact was merged' },
  });
  http.patch('/api/v1/contacts/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'contacts.manage');
    const body = await parseBody(c, patchBody);
    return c.json(await updateContact(c.get('app'), { workspaceId: p.workspaceId, id: c.req.param('id'), actorUserId: p.userId, ...body }));
  });

  describe({
    method: 'post',
    path: '/api/v1/contacts/{id}/merge',
    tag: 'contacts',
    summary: 'Merge otherContactId INTO this contact (identities, conversations, attributes)',
    body: mergeBody,
    responses: {
      '200': 'the surviving contact',
      '400': 'bad input',
      '403': 'needs contacts.manage',
      '404': 'either contact not found',
      '409': 'same contact, or already merged',
    },
  });
  http.post('/api/v1/contacts/:id/merge', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'contacts.manage');
    const body = await parseBody(c, mergeBody);
    return c.json(
      await mergeContacts(c.get('app'), { workspaceId: p.workspaceId, survivorId: c.req.param('id'), otherId: body.otherContactId, actorUserId: p.userId }),
    );
  });

  describe({
    method: 'get',
    path: '/api/v1/contacts/{id}/export',
    tag: 'contacts',
    summary: 'Everything stored about the person, as a ZIP: data.json and the files (GDPR access/portability); audited',
    responses: { '200': 'application/zip', '403': 'needs contacts.export', '404': 'no such contact', '409': 'contact was merged' },
  });
  http.get('/api/v1/contacts/:id/export', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'contacts.export');
    const app = c.get('app');
    const exp = await exportContact(app, { workspaceId: p.workspaceId, contactId: c.req.param('id'), actor: { userId: p.userId, via: p.via } });
    const zip = await exportArchive(app, exp);
    return new Response(Readable.toWeb(zip) as ReadableStream, {
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="hearken-contact-${c.req.param('id')}.zip"`,
        'cache-control': 'no-store',
      },
    });
  });

  describe({
    method: 'post',
    path: '/api/v1/contacts/{id}/erase',
    tag: 'contacts',
    summary: "Erase the person's data (GDPR erasure): name, attributes, identities, message text and files; metrics unchanged; audited",
    body: eraseBody,
    responses: {
      '200': 'what was erased (counts)',
      '400': 'missing confirm',
      '403': 'needs contacts.erase',
      '404': 'no such contact',
      '409': 'merged or already erased',
    },
  });
  http.post('/api/v1/contacts/:id/erase', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'contacts.erase');
    await parseBody(c, eraseBody);
    return c.json(await eraseContact(c.get('app'), { workspaceId: p.workspaceId, contactId: c.req.param('id'), actor: { userId: p.userId, via: p.via } }));
  });
}
