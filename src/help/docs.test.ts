import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { listDocs, readDoc, titleOf } from './docs.js';

describe('help guides', () => {
  let t: TestApp;
  let w: TestWorkspace;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorkspace(t);
  });
  afterAll(() => t.close());

  it('lists the README and every guide in docs/ with its title', () => {
    const docs = listDocs();
    const mdFiles = readdirSync(new URL('../../docs/', import.meta.url)).filter((n) => n.endsWith('.md'));
    expect(docs.length).toBe(mdFiles.length + 1);
    expect(docs[0]).toEqual({ slug: 'readme', title: 'Hearken' });
    expect(docs.find((d) => d.slug === 'sla')?.title).toBe('SLA policies and auto-replies');
  });

  it('takes a title from the first heading outside code blocks', () => {
    expect(titleOf('```sh\n# start it\nnpm start\n```\n## Running it\n', 'x')).toBe('Running it');
    expect(titleOf('no heading here\n    # indented is code\n', 'fallback')).toBe('fallback');
    expect(listDocs().every((d) => !d.title.startsWith('{') && !/^\d+\./.test(d.title))).toBe(true);
    expect(listDocs().find((d) => d.slug === 'bench')?.title).toBe('Benchmarks');
  });

  it('reads a guide by slug and refuses anything that is not one', () => {
    expect(readDoc('sla').markdown).toContain('# SLA policies');
    for (const bad of ['../package', '..%2Fpackage', 'README', 'sla.md', '', 'nope']) {
      expect(() => readDoc(bad)).toThrow(/guide not found/);
    }
  });

  it('serves the guides to signed-in members only', async () => {
    expect((await t.req('GET', '/api/v1/help/docs')).status).toBe(401);
    const list = await t.req('GET', '/api/v1/help/docs', { token: w.token });
    expect(list.status).toBe(200);
    expect((await list.json()).docs.some((d: { slug: string }) => d.slug === 'retention')).toBe(true);
    const one = await (await t.req('GET', '/api/v1/help/docs/retention', { token: w.token })).json();
    expect(one.markdown.length).toBeGreaterThan(200);
    const traversal = await t.req('GET', '/api/v1/help/docs/..%2F..%2Fpackage.json', { token: w.token });
    expect(traversal.status).toBe(404);
    expect((await traversal.json()).error.code).toBe('not_found');
  });
});
