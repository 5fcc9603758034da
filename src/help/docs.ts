import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { notFound } from '../lib/errors.js';

/**
 * The guides the web app's help page shows: the README and every docs/*.md, read from the
 * installation itself so the help an agent reads is the one for the version they run (a link to
 * a website could describe a newer release). Only names found in the folder can be read, so a
 * crafted slug cannot reach another file.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const docsDir = path.join(root, 'docs');

export interface DocEntry {
  slug: string;
  title: string;
}

/** The guide's first heading (# or ##) outside a code block; a shell comment in a code block is no title. */
export function titleOf(text: string, fallback: string): string {
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced) {
      const m = /^#{1,2}\s+(.+?)\s*#*\s*$/.exec(line);
      if (m) return m[1]!;
    }
  }
  return fallback;
}

function files(): Map<string, string> {
  const map = new Map<string, string>([['readme', path.join(root, 'README.md')]]);
  for (const name of readdirSync(docsDir).sort()) {
    if (/^[a-z0-9-]+\.md$/.test(name)) map.set(name.slice(0, -3), path.join(docsDir, name));
  }
  return map;
}

let cache: { entries: DocEntry[]; files: Map<string, string> } | undefined;

export function listDocs(): DocEntry[] {
  if (!cache) {
    const f = files();
    const entries = [...f].map(([slug, file]) => ({ slug, title: titleOf(readFileSync(file, 'utf8'), slug) }));
    cache = { entries, files: f };
  }
  return cache.entries;
}

export function readDoc(slug: string): DocEntry & { markdown: string } {
  listDocs();
  const file = cache?.files.get(slug);
  if (!file) throw notFound('guide');
  const markdown = readFileSync(file, 'utf8');
  return { slug, title: titleOf(markdown, slug), markdown };
}
