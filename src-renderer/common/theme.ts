/**
 * Light or dark: the user's choice (kept in localStorage) or, by default, the system's setting, followed live.
 * The resolved theme is written to `<html data-theme>` (the stylesheets switch on it) and kept in a tiny store so
 * views that draw with canvas colours (charts, the canvas background) re-render on a change.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'filterbank.theme';
const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export interface ThemeEnvironment {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Whether the system prefers dark; null where it cannot be asked. */
  media: Pick<MediaQueryList, 'matches' | 'addEventListener'> | null;
  root: { dataset: DOMStringMap } | null;
}

export interface ThemeState {
  choice: ThemeChoice;
  theme: Theme;
}

export const resolveTheme = (choice: ThemeChoice, systemDark: boolean): Theme =>
  choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;

/** The choice after `choice` in the toolbar's cycle: system → light → dark → system. */
export const nextThemeChoice = (choice: ThemeChoice): ThemeChoice =>
  CHOICES[(CHOICES.indexOf(choice) + 1) % CHOICES.length];

function readChoice(storage: ThemeEnvironment['storage']): ThemeChoice {
  try {
    const saved = storage?.getItem(THEME_STORAGE_KEY);
    return CHOICES.includes(saved as ThemeChoice) ? (saved as ThemeChoice) : 'system';
  } catch {
    return 'system';
  }
}

export function createThemeStore(env: ThemeEnvironment) {
  const systemDark = () => env.media?.matches ?? false;
  const choice = readChoice(env.storage);
  const store = createStore<ThemeState>(() => ({ choice, theme: resolveTheme(choice, systemDark()) }));
  const apply = () => {
    if (env.root) env.root.dataset.theme = store.getState().theme;
  };
  apply();
  env.media?.addEventListener('change', () => {
    store.setState((s) => ({ theme: resolveTheme(s.choice, systemDark()) }));
    apply();
  });
  const choose = (next: ThemeChoice) => {
    try {
      env.storage?.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Private windows may refuse storage: the choice still holds for this session.
    }
    store.setState({ choice: next, theme: resolveTheme(next, systemDark()) });
    apply();
  };
  return { store, choose };
}

const browserEnvironment = (): ThemeEnvironment =>
  typeof window === 'undefined'
    ? { storage: null, media: null, root: null }
    : {
        storage: window.localStorage,
        media: window.matchMedia?.('(prefers-color-scheme: dark)') ?? null,
        root: document.documentElement,
      };

let appTheme: ReturnType<typeof createThemeStore> | null = null;
/** The app's theme, created (and applied to the page) on first use; main.tsx calls it before the first render. */
export const appThemeStore = () => (appTheme ??= createThemeStore(browserEnvironment()));

export const useTheme = (): ThemeState & { choose: (choice: ThemeChoice) => void } => {
  const t = appThemeStore();
  const state = useStore(t.store);
  return { ...state, choose: t.choose };
};

/** The value of a CSS custom property of the page (e.g. '--chart-grid'), for colours drawn outside CSS. */
export function cssColour(name: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}
