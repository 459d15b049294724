import { memo } from 'react';
import type { Diagnostic } from '../../../src-engine';
import { useActions } from '../store/use-editor';

/** The message without the "layer_name: " prefix when the layer is already evident from where it is shown. */
export function ownMessage(d: Diagnostic, stripLayer = true): string {
  return stripLayer && d.layer && d.message.startsWith(`${d.layer}: `)
    ? d.message.slice(d.layer.length + 2)
    : d.message;
}

/** Diagnostics with their arithmetic and one-click fixes; used on nodes, in the inspector and the problems panel. */
export const ProblemList = memo(function ProblemList({
  diagnostics,
  stripLayer = true,
  onSelectLayer,
}: {
  diagnostics: readonly Diagnostic[];
  stripLayer?: boolean;
  onSelectLayer?: (nodeId: string) => void;
}) {
  const actions = useActions();
  return (
    <ul className="problems">
      {diagnostics.map((d, i) => (
        <li
          key={`${d.code}-${d.nodeId ?? ''}-${i}`}
          className={`problem problem--${d.severity}`}
          data-testid={`problem-${d.code}`}
        >
          <div className="problem__message">
            {onSelectLayer && d.nodeId && d.layer ? (
              <button type="button" className="link nodrag" onClick={() => onSelectLayer(d.nodeId as string)}>
                {d.layer}
              </button>
            ) : null}
            {onSelectLayer && d.layer ? ' ' : null}
            {ownMessage(d, stripLayer || Boolean(onSelectLayer))}
          </div>
          {d.arithmetic && !d.message.includes(d.arithmetic) ? (
            <div className="problem__arithmetic mono">{d.arithmetic}</div>
          ) : null}
          {d.fixes?.length ? (
            <div className="problem__fixes">
              {d.fixes.map((f) => (
                <button
                  key={f.label}
                  type="button"
                  className="fix nodrag"
                  data-testid="fix-button"
                  onClick={() => actions.applyFix(f.edit, f.label)}
                >
                  {f.label}
                </button>
              ))}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
});
