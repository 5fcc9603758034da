/** Reads the shared XLM-T sentiment splits (one tweet per line, labels 0/1/2 in a parallel file). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const XLMT_LANGS: Record<string, string> = {
  arabic: 'ar',
  english: 'en',
  french: 'fr',
  german: 'de',
  hindi: 'hi',
  italian: 'it',
  portuguese: 'pt',
  spanish: 'es',
};
export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'];

/** ../shared beside the repository, or HEARKEN_SHARED_DIR. */
export function sharedDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [process.env.HEARKEN_SHARED_DIR, path.resolve(here, '../../../../shared'), path.resolve(process.cwd(), '../shared')];
  for (const c of candidates) if (c && existsSync(path.join(c, 'data/sentiment/xlm-t'))) return c;
  throw new Error('shared data not found: set HEARKEN_SHARED_DIR to the folder holding data/sentiment/xlm-t');
}

export interface Tweet {
  text: string;
  /** negative | neutral | positive */
  label: string;
  /** ISO 639-1 of the folder it came from */
  lang: string;
}

const lines = (f: string) => readFileSync(f, 'utf8').replace(/\r/g, '').replace(/\n$/, '').split('\n');

/** One split of every language, in folder order. */
export function loadSplit(split: 'train' | 'val' | 'test', dir = sharedDir()): Tweet[] {
  const out: Tweet[] = [];
  for (const [folder, lang] of Object.entries(XLMT_LANGS)) {
    const base = path.join(dir, 'data/sentiment/xlm-t', folder);
    const texts = lines(path.join(base, `${split}_text.txt`));
    const labels = lines(path.join(base, `${split}_labels.txt`));
    if (texts.length !== labels.length) throw new Error(`${folder}/${split}: ${texts.length} texts but ${labels.length} labels`);
    texts.forEach((text, i) => out.push({ text, label: SENTIMENT_LABELS[Number(labels[i])], lang }));
  }
  return out;
}
