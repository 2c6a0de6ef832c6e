// The view preferences: which theme a choice resolves to, and what a saved entry (or a damaged or missing one)
// reads back as. The inline script in src/app.html reads the same keys; this test also checks it names them.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PRESENTER_STORAGE_KEY,
  THEME_STORAGE_KEY,
  resolveTheme,
  savedPresenter,
  savedThemeChoice
} from '../../../src/lib/ui/shell/view-prefs';

describe('resolveTheme', () => {
  it.each([
    ['system', false, 'light'],
    ['system', true, 'dark'],
    ['light', true, 'light'],
    ['dark', false, 'dark']
  ] as const)('%s with a dark system %s → %s', (choice, systemDark, theme) => {
    expect(resolveTheme(choice, systemDark)).toBe(theme);
  });
});

describe('saved preferences', () => {
  const store = new Map<string, string>();
  beforeEach(() => {
    store.clear();
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => store.set(key, value),
      removeItem: (key: string) => store.delete(key)
    };
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it.each([
    [undefined, 'system'],
    ['dark', 'dark'],
    ['light', 'light'],
    ['purple', 'system']
  ])('theme entry %s reads as %s', (saved, choice) => {
    if (saved !== undefined) store.set(THEME_STORAGE_KEY, saved);
    expect(savedThemeChoice()).toBe(choice);
  });

  it('presenter mode is on only for the entry "1"', () => {
    expect(savedPresenter()).toBe(false);
    store.set(PRESENTER_STORAGE_KEY, 'true');
    expect(savedPresenter()).toBe(false);
    store.set(PRESENTER_STORAGE_KEY, '1');
    expect(savedPresenter()).toBe(true);
  });

  it('reads as the defaults when storage throws (disabled by the browser)', () => {
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      }
    };
    expect(savedThemeChoice()).toBe('system');
    expect(savedPresenter()).toBe(false);
  });
});

describe('the inline script in app.html', () => {
  it('reads the same storage keys as view-prefs.ts', () => {
    const html = readFileSync('src/app.html', 'utf8');
    expect(html).toContain(`localStorage.getItem('${THEME_STORAGE_KEY}')`);
    expect(html).toContain(`localStorage.getItem('${PRESENTER_STORAGE_KEY}')`);
  });
});
