import { describe, expect, it } from 'vitest';
import { createThemeStore, nextThemeChoice, resolveTheme, THEME_STORAGE_KEY, type ThemeEnvironment } from './theme';

function fakeEnvironment(saved: string | null, systemDark: boolean) {
  const items = new Map<string, string>(saved === null ? [] : [[THEME_STORAGE_KEY, saved]]);
  let listener: (() => void) | null = null;
  const media = {
    matches: systemDark,
    addEventListener: (_: string, l: () => void) => (listener = l),
  };
  const root = { dataset: {} as DOMStringMap };
  const env: ThemeEnvironment = {
    storage: { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) },
    media: media as unknown as ThemeEnvironment['media'],
    root,
  };
  const systemChanges = (dark: boolean) => {
    media.matches = dark;
    listener?.();
  };
  return { env, items, root, systemChanges };
}

describe('theme', () => {
  it('follows the system by default, live', () => {
    const f = fakeEnvironment(null, true);
    const { store } = createThemeStore(f.env);
    expect(store.getState()).toEqual({ choice: 'system', theme: 'dark' });
    expect(f.root.dataset.theme).toBe('dark');
    f.systemChanges(false);
    expect(store.getState().theme).toBe('light');
    expect(f.root.dataset.theme).toBe('light');
  });

  it("keeps the user's choice over the system's and remembers it", () => {
    const f = fakeEnvironment(null, true);
    const { store, choose } = createThemeStore(f.env);
    choose('light');
    expect(f.root.dataset.theme).toBe('light');
    f.systemChanges(true);
    expect(store.getState().theme).toBe('light');
    expect(f.items.get(THEME_STORAGE_KEY)).toBe('light');
    const again = createThemeStore(fakeEnvironment('light', true).env);
    expect(again.store.getState()).toEqual({ choice: 'light', theme: 'light' });
  });

  it('ignores a stored value it does not know', () => {
    expect(createThemeStore(fakeEnvironment('purple', false).env).store.getState().choice).toBe('system');
  });

  it('cycles system → light → dark → system', () => {
    expect([nextThemeChoice('system'), nextThemeChoice('light'), nextThemeChoice('dark')]).toEqual([
      'light',
      'dark',
      'system',
    ]);
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
