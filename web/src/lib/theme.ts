import type { ThemeChoice } from '../api/types';

/**
 * Light, dark or the device's setting. The stylesheet writes every colour as light-dark(), so the
 * theme is only html's color-scheme: 'system' leaves it to the media query, the others pin it.
 * The choice is kept on the server (it follows the person) and mirrored here so the first paint
 * after a reload already has it, before /me/settings answers.
 */
const KEY = 'hearken.theme';

export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  try {
    localStorage.setItem(KEY, choice);
  } catch {
    // Storage may be off (private mode); the server copy still applies after sign-in.
  }
  window.dispatchEvent(new Event('hearken:theme'));
}

export function applyStoredTheme(): void {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    stored = null;
  }
  if (stored === 'light' || stored === 'dark') document.documentElement.dataset.theme = stored;
}

/** The theme in effect now: the pinned one, or what the device prefers. */
export function effectiveTheme(): 'light' | 'dark' {
  const pinned = document.documentElement.dataset.theme;
  if (pinned === 'light' || pinned === 'dark') return pinned;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls back when the effective theme may have changed (device switch or a new choice). */
export function onThemeChange(cb: () => void): () => void {
  const mq = window.matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', cb);
  window.addEventListener('hearken:theme', cb);
  return () => {
    mq.removeEventListener('change', cb);
    window.removeEventListener('hearken:theme', cb);
  };
}
