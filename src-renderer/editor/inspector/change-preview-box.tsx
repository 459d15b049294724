import { memo } from 'react';
import { countText, signedCount } from '../common/format';
import type { ChangePreview } from './change-preview';

const listText = (names: readonly string[]) =>
  names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** "output (None, 14, 14, 8) → (None, 12, 12, 8)", the parameter delta and any errors the change would cause. */
export const ChangePreviewBox = memo(function ChangePreviewBox({ preview }: { preview: ChangePreview }) {
  const p = preview;
  return (
    <div className="preview" data-testid="change-preview">
      <div className="preview__row">
        <span className="preview__label">output</span>
        <span className="mono" data-testid="preview-output">
          {p.outputBefore} → {p.outputAfter}
        </span>
      </div>
      <div className="preview__row">
        <span className="preview__label">params</span>
        <span className="mono" data-testid="preview-params">
          {p.paramsBefore === null ? '?' : countText(p.paramsBefore)} →{' '}
          {p.paramsAfter === null ? '?' : countText(p.paramsAfter)}
          {p.paramsBefore !== null && p.paramsAfter !== null ? ` (${signedCount(p.paramsAfter - p.paramsBefore)})` : ''}
        </span>
      </div>
      <div className="preview__row">
        <span className="preview__label">model</span>
        <span className="mono">
          {countText(p.totalBefore)} → {countText(p.totalAfter)} ({signedCount(p.totalAfter - p.totalBefore)})
        </span>
      </div>
      {p.weightsLost.length > 0 ? (
        <div className="preview__weights" data-testid="preview-weights-lost">
          Trained weights of {listText(p.weightsLost)} no longer fit:{' '}
          {p.weightsLost.length === 1 ? 'it starts' : 'they start'} afresh (the other layers keep theirs). Undo brings
          them back.
        </div>
      ) : null}
      {p.newErrors.length > 0 ? (
        <div className="preview__errors" data-testid="preview-errors">
          This change would cause {p.newErrors.length === 1 ? 'a problem' : `${p.newErrors.length} problems`}:
          <ul>
            {p.newErrors.map((d, i) => (
              <li key={i}>{d.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {p.resolvedErrors.length > 0 ? (
        <div className="preview__resolved">
          Resolves {p.resolvedErrors.length === 1 ? 'a problem' : `${p.resolvedErrors.length} problems`}.
        </div>
      ) : null}
    </div>
  );
});
