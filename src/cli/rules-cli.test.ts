import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { childEnv } from '../test/child.js';
import { testDialect } from '../test/store.js';
import { runCli } from './index.js';

let t: TestApp;
let w: TestWorkspace;
const run = async (...argv: string[]) => {
  const lines: string[] = [];
  const code = await runCli(argv, (l) => lines.push(l));
  return { code, out: lines.join('\n') };
};

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  Object.assign(process.env, childEnv(t));
});
afterAll(() => t.close());

describe(`rules CLI (${testDialect})`, () => {
  it('lists, exports and imports rules; a bad file is refused and changes nothing', async () => {
    const body = {
      name: 'Troll → low',
      trigger: { type: 'message_received' },
      conditions: { all: [{ field: 'troll_score', op: 'gte', value: 0.7 }] },
      actions: [{ type: 'set_priority', priority: 'low' }],
    };
    expect((await t.req('POST', '/api/v1/rules', { token: w.token, body })).status).toBe(201);
    const list = await run('rules', 'list', '--workspace', w.workspaceId);
    expect(list.code).toBe(0);
    expect(list.out).toContain('1. on   Troll → low  (when message_received; set_priority)');

    const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-rules-'));
    const file = path.join(dir, 'rules.json');
    expect((await run('rules', 'export', '--workspace', w.workspaceId, '--out', file)).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).rules[0].name).toBe('Troll → low');

    const w2 = await buildWorkspace(t);
    expect((await run('rules', 'import', '--workspace', w2.workspaceId, '--file', file)).code).toBe(0);
    expect((await run('rules', 'list', '--workspace', w2.workspaceId)).out).toContain('Troll → low');

    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ version: 1, rules: [{ name: 'x', trigger: { type: 'nope' }, actions: [] }] }));
    const refused = await run('rules', 'import', '--workspace', w2.workspaceId, '--file', bad, '--replace');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('not a rules file');
    expect((await run('rules', 'list', '--workspace', w2.workspaceId)).out).toContain('Troll → low');
    expect((await run('rules', 'frobnicate', '--workspace', w2.workspaceId)).code).toBe(2);
    expect((await run('rules', 'list')).code).toBe(2);
  });
});
