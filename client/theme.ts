import { create } from 'zustand';

/**
 * Light or dark: by default the system's setting (prefers-color-scheme), or the designer's own pick, remembered in
 * localStorage. The resolved theme is written to `<html data-theme>`; client/styles.css keeps a palette per theme.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'pikaflow.theme';
const LIGHT_QUERY = '(prefers-color-scheme: light)';
const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

interface ThemeState {
  choice: ThemeChoice;
  /** What the system asks for right now (followed while the choice is "system"). */
  system: Theme;
}

function storedChoice(): ThemeChoice {
  try {
    const v = inBrowser ? localStorage.getItem(THEME_KEY) : null;
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system'; // storage refused (private mode, sandboxed frame): follow the system
  }
}

const systemTheme = (): Theme => (inBrowser && window.matchMedia?.(LIGHT_QUERY).matches ? 'light' : 'dark');

export const useThemeStore = create<ThemeState>()(() => ({ choice: storedChoice(), system: systemTheme() }));

export const resolveTheme = (s: ThemeState): Theme => (s.choice === 'system' ? s.system : s.choice);

/** The theme the page shows (for React Flow's `colorMode`, which must match the page's palette). */
export const useTheme = (): Theme => useThemeStore(resolveTheme);

export function setThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // not remembered, still applied
  }
  useThemeStore.setState({ choice });
}

function apply(): void {
  const theme = resolveTheme(useThemeStore.getState());
  document.documentElement.dataset.theme = theme;
}

// Applied when the module loads (both top bars import it, and imports run before main.tsx renders), so the first
// paint already has the right palette.
if (inBrowser) {
  apply();
  useThemeStore.subscribe(apply);
  window
    .matchMedia?.(LIGHT_QUERY)
    .addEventListener?.('change', (e) => useThemeStore.setState({ system: e.matches ? 'light' : 'dark' }));
  // A pick made in another tab of the editor (or of the form page) applies here too.
  window.addEventListener('storage', (e) => {
    if (e.key === THEME_KEY || e.key === null) useThemeStore.setState({ choice: storedChoice() });
  });
}
