import { nextThemeChoice, useTheme, type ThemeChoice } from '../common/theme';

const LABELS: Record<ThemeChoice, string> = { system: 'Auto', light: 'Light', dark: 'Dark' };

/** Cycles the colour theme: following the system, light, dark. */
export function ThemeButton() {
  const { choice, theme, choose } = useTheme();
  const next = nextThemeChoice(choice);
  return (
    <button
      type="button"
      className="toolbar__button toolbar__theme"
      data-testid="cmd-theme"
      data-theme-choice={choice}
      onClick={() => choose(next)}
      title={
        `Theme: ${LABELS[choice]}${choice === 'system' ? ` (the system's setting, now ${theme})` : ''}. ` +
        `Click for ${LABELS[next]}.`
      }
      aria-label={`Theme: ${LABELS[choice]}`}
    >
      {theme === 'dark' ? '☾' : '☀'}
      {choice === 'system' ? <span className="toolbar__theme-auto">A</span> : null}
    </button>
  );
}
