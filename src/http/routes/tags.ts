import type { Hono } from 'hono';
import { requirePermission } from '../../auth/roles.js';
import { createTag } from '../../tags/create-tag.js';
import { deleteTag } from '../../tags/delete-tag.js';
import { listTags } from '../../tags/list-tags.js';
import { mergeTags } from '../../tags/merge-tags.js';
import { createTagBody, mergeTagsBody, tagName, tagSettingsBody, updateTagBody } from '../../tags/tag-input.js';
import { setTagSettings } from '../../tags/tag-settings.js';
import { updateTag } from '../../tags/update-tag.js';
import { invalid } from '../../lib/errors.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const T = 'tags';
describe({
  method: 'get',
  path: '/api/v1/tags',
  tag: T,
  summary: 'The tag list: managed tags (colour, description) and tags in use, with how many conversations carry each',
});
describe({
  method: 'post',
  path: '/api/v1/tags',
  tag: T,
  summary: 'Add a managed tag (tags.manage)',
  body: createTagBody,
  responses: { '201': 'created', '409': 'exists' },
});
describe({
  method: 'patch',
  path: '/api/v1/tags/{name}',
  tag: T,
  summary: 'Rename, recolour or describe a tag (tags.manage); a rename moves it on every conversation',
  body: updateTagBody,
});
describe({ method: 'delete', path: '/api/v1/tags/{name}', tag: T, summary: 'Delete a tag and take it off every conversation (tags.manage)' });
describe({
  method: 'post',
  path: '/api/v1/tags/merge',
  tag: T,
  summary: 'Merge tag `from` into `into` on every conversation, in one transaction (tags.manage)',
  body: mergeTagsBody,
});
describe({
  method: 'put',
  path: '/api/v1/tags/settings',
  tag: T,
  summary: 'Allow only managed tags on conversations, or any (tags.manage)',
  body: tagSettingsBody,
});

/** The tag name in the path, normalised as tags are stored. */
function pathTag(raw: string): string {
  const r = tagName.safeParse(raw);
  if (!r.success) throw invalid('name', 'is not a tag name');
  return r.data;
}

export function mountTags(http: Hono<HonoEnv>) {
  http.use('/api/v1/tags', requireAuth);
  http.use('/api/v1/tags/*', requireAuth);
  http.get('/api/v1/tags', async (c) => c.json(await listTags(c.get('app'), c.get('principal').workspaceId)));
  http.post('/api/v1/tags', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'tags.manage');
    const b = await parseBody(c, createTagBody);
    return c.json(await createTag(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...b }), 201);
  });
  http.post('/api/v1/tags/merge', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'tags.manage');
    const b = await parseBody(c, mergeTagsBody);
    return c.json(await mergeTags(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...b }));
  });
  http.put('/api/v1/tags/settings', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'tags.manage');
    const b = await parseBody(c, tagSettingsBody);
    return c.json(await setTagSettings(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...b }));
  });
  http.patch('/api/v1/tags/:name', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'tags.manage');
    const b = await parseBody(c, updateTagBody);
    return c.json(await updateTag(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, name: pathTag(c.req.param('name')), patch: b }));
  });
  http.delete('/api/v1/tags/:name', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'tags.manage');
    return c.json(await deleteTag(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, name: pathTag(c.req.param('name')) }));
  });
}
