import { useId } from 'react';
import { setThemeChoice, useThemeStore, type ThemeChoice } from './theme.ts';
import './theme-switch.css';

const CHOICES: { value: ThemeChoice; label: string; help: string }[] = [
  { value: 'system', label: 'System', help: "Follow this computer's light or dark setting" },
  { value: 'light', label: 'Light', help: 'Always light' },
  { value: 'dark', label: 'Dark', help: 'Always dark' },
];

/**
 * System · Light · Dark as one segmented control: native radio buttons (so arrow keys move between the three, as
 * anywhere), drawn as a pill with the current pick raised.
 */
export function ThemeSwitch() {
  const choice = useThemeStore((s) => s.choice);
  const name = useId();
  return (
    <fieldset className="pf-theme" data-testid="theme-switch">
      {/* Named for screen readers ("Theme"); the three words say what it is on screen. */}
      <legend className="pf-visually-hidden">Theme</legend>
      {CHOICES.map((c) => (
        <label key={c.value} className={`pf-theme__opt${choice === c.value ? ' is-on' : ''}`} title={c.help}>
          <input
            type="radio"
            name={name}
            value={c.value}
            checked={choice === c.value}
            onChange={() => setThemeChoice(c.value)}
            data-testid={`theme-${c.value}`}
          />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}
