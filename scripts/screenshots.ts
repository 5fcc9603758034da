/**
 * Screenshots for a design review: queue, a conversation, settings, reports, listening and help,
 * in light and dark, on a laptop (1440×900) and a phone (390×844). Point it at a running Hearken
 * (e.g. `npm start` with its demo data):
 *
 *   HEARKEN_URL=http://localhost:3000 HEARKEN_EMAIL=owner@hearken.local HEARKEN_PASSWORD=… \
 *     npx tsx scripts/screenshots.ts [out-dir]
 *
 * Uses Debian's Chromium (HEARKEN_CHROMIUM to override), like the browser tests.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../web/e2e/harness.js';

const base = process.env.HEARKEN_URL ?? 'http://localhost:3000';
const email = process.env.HEARKEN_EMAIL;
const password = process.env.HEARKEN_PASSWORD;
if (!email || !password) {
  console.error('Set HEARKEN_EMAIL and HEARKEN_PASSWORD (the owner account npm start printed).');
  process.exit(2);
}
const out = path.resolve(process.argv[2] ?? 'screenshots');
mkdirSync(out, { recursive: true });

const pages: Array<[string, string]> = [
  ['queue', '/inbox/all'],
  ['conversation', '/inbox/all#first'],
  ['settings', '/settings/channels'],
  ['reports', '/reports'],
  ['listening', '/listening'],
  ['help', '/help'],
];
const sizes = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

const browser = await chromium.launch({ executablePath: process.env.HEARKEN_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  for (const scheme of ['light', 'dark'] as const) {
    for (const viewport of sizes) {
      const context = await browser.newContext({ baseURL: base, colorScheme: scheme, viewport });
      const page = await context.newPage();
      await page.goto('/login');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('nav.sidebar').waitFor({ state: 'attached' });
      for (const [name, url] of pages) {
        await page.goto(url.replace('#first', ''));
        if (url.endsWith('#first')) await page.locator('[data-testid=queue-row]').first().click();
        // The live stream keeps a request open, so 'networkidle' never comes: give queries a moment instead.
        await page.waitForTimeout(1500);
        const file = path.join(out, `${name}-${scheme}-${viewport.width}.png`);
        await page.screenshot({ path: file });
        console.log(file);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
