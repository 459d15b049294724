import { memo, useState } from 'react';
import { nameRuleProblem } from '../../../src-engine';

/**
 * A name edited in place: applied on Enter or when the field loses focus; a refused name keeps its message
 * on screen until corrected or reverted with Escape. The name rule is checked as the user types, so the rule
 * shows before the name is refused.
 */
export const NameField = memo(function NameField({
  label,
  value,
  testId,
  onRename,
}: {
  label: string;
  value: string;
  testId: string;
  onRename(name: string): string | null;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const problem = onRename(draft.trim());
    setError(problem);
    if (!problem) setDraft(null);
  };
  return (
    <div className={`field field--plain${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={testId}>
        {label}
      </label>
      <input
        id={testId}
        data-testid={testId}
        className="mono"
        type="text"
        spellCheck={false}
        autoComplete="off"
        value={draft ?? value}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(nameRuleProblem(e.target.value.trim()));
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(null);
            setError(null);
          }
        }}
      />
      {error ? (
        <div className="field__error" data-testid={`${testId}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
});
