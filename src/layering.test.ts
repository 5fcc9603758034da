import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The layering rules (.dependency-cruiser.cjs, run by `npm run lint` in CI) are only worth having
// if they fire: each is tried here on a small tree that breaks it, and on one that keeps it.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function cruise(files: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-layering-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  try {
    const r = await promisify(execFile)(depcruise, ['src', '--config', path.join(root, '.dependency-cruiser.cjs')], { cwd: dir });
    return { ok: true, output: r.stdout };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('layering rules', () => {
  it('let a tree that keeps them pass', async () => {
    const r = await cruise({
      'src/lib/errors.ts': 'export const e = 1;\n',
      'src/channels/contract/adapter.ts': "import { e } from '../../lib/errors.js';\nexport const a = e;\n",
      'src/channels/acme/adapter.ts': "import { a } from '../contract/adapter.js';\nexport const acme = a;\n",
      'src/channels/registry.ts': "import { acme } from './acme/adapter.js';\nexport const adapterFor = () => acme;\n",
      'src/conversations/reply.ts': "import { adapterFor } from '../channels/registry.js';\nexport const r = adapterFor();\n",
      'src/http/routes/reply.ts': "import { r } from '../../conversations/reply.js';\nexport const route = r;\n",
    });
    expect(r.output).not.toMatch(/error/);
    expect(r.ok).toBe(true);
  }, 30_000);

  it('fail when the domain imports http/', async () => {
    const r = await cruise({
      'src/http/context.ts': 'export interface Principal { id: string }\nexport const p = 1;\n',
      'src/conversations/reply.ts': "import { p } from '../http/context.js';\nexport const r = p;\n",
    });
    expect(r.ok).toBe(false);
    expect(r.output).toContain('domain-imports-transport: src/conversations/reply.ts → src/http/context.ts');
  }, 30_000);

  it('fail when a network folder imports a domain folder', async () => {
    const r = await cruise({
      'src/outbox/senders.ts': 'export const s = 1;\n',
      'src/channels/acme/send.ts': "import { s } from '../../outbox/senders.js';\nexport const send = s;\n",
    });
    expect(r.ok).toBe(false);
    expect(r.output).toContain('channels-import-the-domain: src/channels/acme/send.ts → src/outbox/senders.ts');
  }, 30_000);

  it('fail when the domain reaches into a network folder instead of through the registry', async () => {
    const r = await cruise({
      'src/channels/acme/templates.ts': 'export const t = 1;\n',
      'src/conversations/send-template.ts': "import { t } from '../channels/acme/templates.js';\nexport const s = t;\n",
    });
    expect(r.ok).toBe(false);
    expect(r.output).toContain('network-folders-through-the-registry: src/conversations/send-template.ts → src/channels/acme/templates.ts');
  }, 30_000);

  it('fail on a cycle that spans folders, not on one inside a folder', async () => {
    const across = await cruise({
      'src/sla/evaluate.ts': "import { m } from '../metrics/sla.js';\nexport const ev = () => m;\n",
      'src/metrics/sla.ts': "import { ev } from '../sla/evaluate.js';\nexport const m = () => ev;\n",
    });
    expect(across.ok).toBe(false);
    expect(across.output).toContain('cycle-across-folders');
    const inside = await cruise({
      'src/sla/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/sla/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(inside.output).not.toContain('cycle-across-folders');
    expect(inside.ok).toBe(true);
  }, 30_000);
});
