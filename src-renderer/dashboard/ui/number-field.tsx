import { useEffect, useId, useState } from 'react';
import { numberProblem, reportFieldProblem, type NumberRules } from '../start-blockers';

export interface NumberFieldProps extends NumberRules {
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
  placeholder?: string;
  /** Shown after the input: units, or what the value means. */
  suffix?: string;
  /** Shown after the input only while it is empty: what an empty value means ("Keras default for Adam"). */
  emptySuffix?: string;
  disabled?: boolean;
  testId?: string;
  title?: string;
}

/** A number input that only commits valid values, says why a draft is not one, and blocks Start meanwhile. */
export function NumberField(props: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? (props.value === null ? '' : String(props.value));
  const problem = draft === null ? null : numberProblem(draft, props);
  // Follows the text, not the stored value: an invalid draft of 50 leaves the store empty but the field is not.
  const suffix = text.trim() === '' ? (props.emptySuffix ?? props.suffix) : props.suffix;
  // An invalid draft blocks Start (the store keeps the last valid value, which is not what the field shows).
  const reported = problem && !props.disabled ? `${props.label}: ${problem}` : null;
  useEffect(() => {
    reportFieldProblem(id, reported);
    return () => reportFieldProblem(id, null);
  }, [id, reported]);
  return (
    <div className={`db-field${problem ? ' db-field--invalid' : ''}`} title={props.title}>
      <label htmlFor={id}>{props.label}</label>
      <div className="db-field__control">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          value={text}
          placeholder={props.placeholder}
          disabled={props.disabled}
          aria-invalid={problem ? true : undefined}
          data-testid={props.testId}
          onChange={(e) => {
            const next = e.target.value;
            setDraft(next);
            if (numberProblem(next, props) === null) props.onChange(next.trim() === '' ? null : Number(next));
          }}
          onBlur={() => {
            if (problem === null) setDraft(null);
          }}
        />
        {suffix ? <span className="db-field__suffix muted">{suffix}</span> : null}
      </div>
      {problem ? <div className="db-field__problem">{problem}</div> : null}
    </div>
  );
}
