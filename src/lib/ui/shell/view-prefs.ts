// The learner's view preferences: the colour theme (follow the system, or light or dark) and presenter mode
// (large type). They live in localStorage and show as attributes on <html> — data-theme="light|dark" and
// data-presenter — which app.css and the editor (editor/view-sync.ts) follow. The inline script in
// src/app.html applies the same keys before the first paint, so a dark page never flashes light; keep the two
// in step.

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'hyperstep:view:theme';
export const PRESENTER_STORAGE_KEY = 'hyperstep:view:presenter';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // Storage disabled: the defaults apply.
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage disabled: the choice lasts until the page closes.
  }
}

export function savedThemeChoice(): ThemeChoice {
  const saved = read(THEME_STORAGE_KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

export function savedPresenter(): boolean {
  return read(PRESENTER_STORAGE_KEY) === '1';
}

export function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** Show `choice` on <html> and remember it ('system' is the default, so it is stored as no entry). */
export function applyThemeChoice(choice: ThemeChoice): void {
  write(THEME_STORAGE_KEY, choice === 'system' ? null : choice);
  document.documentElement.dataset.theme = resolveTheme(choice, systemPrefersDark());
}

export function applyPresenter(on: boolean): void {
  write(PRESENTER_STORAGE_KEY, on ? '1' : null);
  if (on) document.documentElement.dataset.presenter = '';
  else delete document.documentElement.dataset.presenter;
}

/** Call `changed` when the system's light/dark preference changes; returns the function that stops listening. */
export function onSystemThemeChange(changed: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const query = matchMedia(DARK_QUERY);
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
}
