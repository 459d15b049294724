import { memo, useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { explainNode, receptiveFields, windowAt, type ExplainModel, type GraphInference } from '../../../src-engine';
import './explain.css';
import { ExplainDrawing } from './explain-drawing';
import { signed, stepCell } from './explain-view';
import { ReceptiveFieldView } from './receptive-field-view';
import { ValueView } from './value-view';

const SIDE = ['top', 'bottom'] as const;
const SIDE_W = ['left', 'right'] as const;

function Formulas({ model }: { model: ExplainModel }) {
  return (
    <dl className="explain__formulas mono">
      {model.axes.map((a, i) => (
        <div key={i} className={a.output < 1 ? 'explain__bad' : undefined}>
          <dt>{i === 0 ? 'height' : 'width'}</dt>
          <dd data-testid={`explain-formula-${i === 0 ? 'height' : 'width'}`}>{a.formula}</dd>
          {a.paddingFormula ? (
            <dd className="muted" data-testid={`explain-padding-${i === 0 ? 'height' : 'width'}`}>
              {`'same' pads ${a.paddingFormula}: ${a.padBefore} ${(i === 0 ? SIDE : SIDE_W)[0]}, ` +
                `${a.padAfter} ${(i === 0 ? SIDE : SIDE_W)[1]}`}
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}

function FilterBank({ model }: { model: ExplainModel }) {
  const fb = model.filterBank;
  if (!fb) {
    if (model.kind === 'zero-padding') return null;
    const how = model.kind === 'max-pool' ? 'the largest value' : 'the mean of the cells inside the input';
    return (
      <p className="small" data-testid="explain-pool-note">
        {`No weights: each output value is ${how} in its ${model.axes[0].window}×${model.axes[1].window} window, ` +
          `channel by channel (${model.input[2]} in, ${model.channelsOut} out).`}
      </p>
    );
  }
  const [kh, kw, cin] = fb.kernelShape;
  return (
    <div className="small explain__bank">
      <div className="mono" data-testid="explain-params">
        {`kernel (${fb.kernelShape.join(', ')})${fb.biasShape ? ` + bias (${fb.biasShape[0]},)` : ''}: ${fb.formula}`}
      </div>
      <div className="muted">
        {`One output value sums ${kh}·${kw}·${cin} = ${kh * kw * cin} products over all ${cin} input channel` +
          `${cin === 1 ? '' : 's'}${fb.biasShape ? ', plus its filter’s bias' : ''}, ` +
          `then applies ${model.activation}. ` +
          'Keras computes a cross-correlation: the kernel is not flipped.'}
      </div>
    </div>
  );
}

interface Props {
  inference: GraphInference;
  nodeId: string;
  onClose(): void;
}

/**
 * Explain: the node's window arithmetic drawn on its real input shape (padding, the window sliding with its stride,
 * the output filling in), its filter bank, and what each output cell sees of the model's input. It follows the
 * inspector's parameters live.
 */
export const ExplainPanel = memo(function ExplainPanel({ inference, nodeId, onClose }: Props) {
  const model = useMemo(() => explainNode(inference, nodeId), [inference, nodeId]);
  const field = useMemo(() => receptiveFields(inference).get(nodeId) ?? null, [inference, nodeId]);
  const total = model ? Math.max(model.axes[0].output, 0) * Math.max(model.axes[1].output, 0) : 0;
  const [step, setStep] = useState(0);
  const [playing, setPlaying] = useState(false);
  const current = Math.min(step, Math.max(total - 1, 0));
  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(
      () => {
        setStep((s) => {
          if (s + 1 >= total) {
            setPlaying(false);
            return s;
          }
          return s + 1;
        });
      },
      Math.max(40, Math.min(300, 12000 / Math.max(total, 1))),
    );
    return () => window.clearInterval(timer);
  }, [playing, total]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  if (!model) return null;
  const outW = Math.max(model.axes[1].output, 1);
  const [oy, ox] = stepCell(current, outW);
  const win = windowAt(model, oy, ox);
  const title = `${model.name} (${model.className})`;
  return createPortal(
    <section className="explain" role="dialog" aria-label={`Explain ${title}`} data-testid="explain-panel">
      <header className="explain__head">
        <h2>Explain · {title}</h2>
        <button type="button" onClick={onClose} aria-label="Close Explain" data-testid="explain-close">
          ×
        </button>
      </header>
      <Formulas model={model} />
      <ExplainDrawing
        model={model}
        step={current}
        onHover={(y, x) => {
          setPlaying(false);
          setStep(y * outW + x);
        }}
      />
      {total > 0 ? (
        <div className="explain__controls">
          <button type="button" onClick={() => setStep(Math.max(current - 1, 0))} aria-label="Previous position">
            ◀
          </button>
          <button
            type="button"
            data-testid="explain-play"
            onClick={() => {
              if (!playing && current >= total - 1) setStep(0);
              setPlaying(!playing);
            }}
          >
            {playing ? 'Pause' : 'Play'}
          </button>
          <button type="button" onClick={() => setStep(Math.min(current + 1, total - 1))} aria-label="Next position">
            ▶
          </button>
          <input
            type="range"
            min={0}
            max={total - 1}
            value={current}
            aria-label="Window position"
            data-testid="explain-scrub"
            onChange={(e) => {
              setPlaying(false);
              setStep(Number(e.target.value));
            }}
          />
          <span className="mono small" data-testid="explain-position">
            {`output (${oy}, ${ox}) ← rows ${signed(win.rows[0])}…${signed(win.rows[1])}, ` +
              `columns ${signed(win.cols[0])}…${signed(win.cols[1])}`}
          </span>
        </div>
      ) : null}
      <FilterBank model={model} />
      {total > 0 ? <ValueView model={model} oy={oy} ox={ox} /> : null}
      {field && total > 0 ? (
        <ReceptiveFieldView inference={inference} nodeId={nodeId} field={field} oy={oy} ox={ox} />
      ) : null}
    </section>,
    document.body,
  );
});
