import { memo, useEffect } from 'react';
import { SHORTCUTS } from './shortcuts';

const GESTURES = [
  [
    'Click a palette layer',
    'Add it after the selected layer and wire it in (after the output when nothing is selected)',
  ],
  ['Drag a palette layer', 'Place it on the canvas, unconnected'],
  ['Drag from a bottom handle to a top handle', 'Connect; merge layers take several inputs, numbered in order'],
  ['Drop a new wire on a used input', 'Replace that input (single-input layers)'],
  ['Click a wire, then Delete', 'Disconnect'],
  ['Shift + drag on the canvas', 'Select with a rectangle'],
  ['Ctrl/Cmd + click', 'Add to the selection'],
  ['Scroll / drag the canvas', 'Zoom / pan'],
] as const;

/** Every shortcut (from the one list the key handler uses) and the mouse gestures. */
export const HelpPanel = memo(function HelpPanel({ onClose }: { onClose(): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onClick={onClose} role="presentation">
      <div
        className="modal modal--wide"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        data-testid="help-panel"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="help-title">Keyboard and mouse</h2>
        <div className="help-columns">
          <table className="help-table">
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.keys.map((k) => (
                      <kbd key={k}>{k}</kbd>
                    ))}
                  </td>
                  <td>{s.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="help-table">
            <tbody>
              {GESTURES.map(([what, does]) => (
                <tr key={what}>
                  <td>{what}</td>
                  <td>{does}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="modal__buttons">
          <button type="button" className="primary" onClick={onClose} data-testid="help-close">
            Close
          </button>
        </div>
      </div>
    </div>
  );
});
