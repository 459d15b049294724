import { memo } from 'react';
import { emptySelection } from '../store/editor-state';
import { useActions, useEditor } from '../store/use-editor';

const TITLES = {
  'collapsed-feature-map': 'Feature maps collapse',
  'dense-dominates': 'Parameters concentrated',
  'receptive-field': 'Receptive field',
  'activation-memory': 'Activation memory',
} as const;

/** Design hints: not errors, but what a designer would want to know, each with its arithmetic. */
export const HintsPanel = memo(function HintsPanel() {
  const hints = useEditor((s) => s.hints);
  const actions = useActions();
  if (hints.length === 0) return <p className="muted pad">Hints appear once the model has shapes.</p>;
  return (
    <ul className="hints-panel" data-testid="hints-panel">
      {hints.map((h, i) => (
        <li key={`${h.kind}-${h.nodeId ?? ''}-${i}`} className={`hint hint--${h.kind}`} data-testid={`hint-${h.kind}`}>
          <span className="hint__kind">{TITLES[h.kind]}</span>
          {h.nodeId ? (
            <button
              type="button"
              className="link"
              onClick={() => actions.select({ ...emptySelection, nodeIds: [h.nodeId as string] })}
            >
              {h.message}
            </button>
          ) : (
            <span>{h.message}</span>
          )}
          {h.detail ? <div className="hint__detail mono">{h.detail}</div> : null}
        </li>
      ))}
    </ul>
  );
});
