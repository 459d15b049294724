import { useId, useState } from 'react';

export interface NumberFieldProps {
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
  min?: number;
  max?: number;
  /** Inclusive bounds unless told otherwise (learning rate > 0). */
  exclusiveMin?: boolean;
  integer?: boolean;
  /** Empty means null (e.g. the optimizer's default learning rate). */
  optional?: boolean;
  placeholder?: string;
  /** Shown after the input: units, or what the value means. */
  suffix?: string;
  disabled?: boolean;
  testId?: string;
  title?: string;
}

function problemOf(text: string, p: NumberFieldProps): string | null {
  if (text.trim() === '') return p.optional ? null : 'Required';
  const v = Number(text);
  if (!Number.isFinite(v)) return 'Not a number';
  if (p.integer && !Number.isInteger(v)) return 'Must be a whole number';
  if (p.min !== undefined && (p.exclusiveMin ? v <= p.min : v < p.min))
    return p.exclusiveMin ? `Must be above ${p.min}` : `At least ${p.min}`;
  if (p.max !== undefined && v > p.max) return `At most ${p.max}`;
  return null;
}

/** A number input that only commits valid values and says why a draft is not one. */
export function NumberField(props: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? (props.value === null ? '' : String(props.value));
  const problem = draft === null ? null : problemOf(draft, props);
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
            if (problemOf(next, props) === null) props.onChange(next.trim() === '' ? null : Number(next));
          }}
          onBlur={() => {
            if (problem === null) setDraft(null);
          }}
        />
        {props.suffix ? <span className="db-field__suffix muted">{props.suffix}</span> : null}
      </div>
      {problem ? <div className="db-field__problem">{problem}</div> : null}
    </div>
  );
}
