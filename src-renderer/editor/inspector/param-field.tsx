import { memo } from 'react';
import type { ParamSpec } from '../../../src-engine';
import { controlFor, formatParamValue } from './param-text';

export interface ParamFieldProps {
  name: string;
  spec: ParamSpec;
  /** Text for text fields, the option for selects, a boolean for checkboxes. */
  value: string | boolean;
  changed: boolean;
  error: string | null;
  onChange(value: string | boolean): void;
  onRevert(): void;
}

/**
 * One parameter, edited by the control its ParamSpec kind calls for;
 * the Keras name is the label. Enter submits the surrounding form.
 */
export const ParamField = memo(function ParamField({
  name,
  spec,
  value,
  changed,
  error,
  onChange,
  onRevert,
}: ParamFieldProps) {
  const control = controlFor(spec);
  const id = `param-${name}`;
  const defaultText = spec.kind === 'bool' ? String(spec.default) : formatParamValue(spec, spec.default) || 'None';
  return (
    <div className={`field${changed ? ' field--changed' : ''}${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id} className="field__label" title={spec.help}>
        <span className="mono">{spec.kerasName}</span>
        <span className="field__help" aria-hidden="true">
          ?
        </span>
      </label>
      {control.kind === 'checkbox' ? (
        <input
          id={id}
          data-testid={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      ) : control.kind === 'select' ? (
        <select id={id} data-testid={id} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {control.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          data-testid={id}
          type="text"
          className="mono"
          spellCheck={false}
          autoComplete="off"
          placeholder={control.placeholder}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onRevert();
          }}
        />
      )}
      <span className="field__default muted" title={spec.help}>
        default {defaultText}
      </span>
      {error ? (
        <div className="field__error" data-testid={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
});
