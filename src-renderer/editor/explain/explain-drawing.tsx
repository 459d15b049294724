import { memo } from 'react';
import { windowAt, type ExplainModel } from '../../../src-engine';
import { axisView, cellSize, outputView, signed } from './explain-view';

const SPACE = 250;

interface Props {
  model: ExplainModel;
  /** Output cells before this step are drawn as computed. */
  step: number;
  onHover(oy: number, ox: number): void;
}

/** The padded input with the kernel window on it, and the output grid filling in as the window slides. */
export const ExplainDrawing = memo(function ExplainDrawing({ model, step, onHover }: Props) {
  const [ah, aw] = model.axes;
  const outH = Math.max(ah.output, 0);
  const outW = Math.max(aw.output, 0);
  const oy = outW > 0 ? Math.floor(step / outW) : 0;
  const ox = outW > 0 ? step % outW : 0;
  const win = windowAt(model, oy, ox);
  const vr = axisView(ah, win.rows[0]);
  const vc = axisView(aw, win.cols[0]);
  const rows = vr.to - vr.from + 1;
  const cols = vc.to - vc.from + 1;
  const cs = cellSize(Math.max(rows, cols), SPACE);
  const cells = [];
  for (let y = vr.from; y <= vr.to; y++)
    for (let x = vc.from; x <= vc.to; x++) {
      const pad = y < 0 || y >= ah.input || x < 0 || x >= aw.input;
      const beyond = y >= ah.input + ah.padAfter || x >= aw.input + aw.padAfter;
      cells.push(
        <rect
          key={`${y},${x}`}
          className={beyond ? 'explain__beyond' : pad ? 'explain__pad' : 'explain__in'}
          x={(x - vc.from) * cs}
          y={(y - vr.from) * cs}
          width={cs}
          height={cs}
        />,
      );
    }
  const fits = outH > 0 && outW > 0;
  const wy0 = Math.max(win.rows[0], vr.from);
  const wx0 = Math.max(win.cols[0], vc.from);
  const wy1 = Math.min(win.rows[1], vr.to);
  const wx1 = Math.min(win.cols[1], vc.to);
  // An output that does not fit (kernel larger than input) still shows the window at its first place.
  const windowRect = (
    <rect
      className={fits ? 'explain__window' : 'explain__window explain__window--bad'}
      data-testid="explain-window"
      x={(wx0 - vc.from) * cs}
      y={(wy0 - vr.from) * cs}
      width={(wx1 - wx0 + 1) * cs}
      height={(wy1 - wy0 + 1) * cs}
    />
  );
  const inputCaption =
    `input ${ah.input}×${aw.input}×${model.input[2]}` +
    (ah.padBefore + ah.padAfter + aw.padBefore + aw.padAfter > 0
      ? ` + padding (top ${ah.padBefore}, bottom ${ah.padAfter}, left ${aw.padBefore}, right ${aw.padAfter})`
      : '') +
    (vr.windowed || vc.windowed
      ? ` · showing rows ${signed(vr.from)}…${vr.to}, columns ${signed(vc.from)}…${vc.to}`
      : '');
  return (
    <div className="explain__drawing">
      <figure>
        <svg width={cols * cs} height={rows * cs} data-testid="explain-input" role="img" aria-label={inputCaption}>
          {cells}
          {windowRect}
        </svg>
        <figcaption className="muted small">{inputCaption}</figcaption>
      </figure>
      <span className="explain__arrow" aria-hidden>
        →
      </span>
      {fits ? (
        <OutputGrid
          outH={outH}
          outW={outW}
          oy={oy}
          ox={ox}
          step={step}
          onHover={onHover}
          channels={model.channelsOut}
        />
      ) : (
        <p className="field__error explain__nofit" data-testid="explain-nofit">
          {`No output: the ${ah.window}×${aw.window} window is larger than the ${ah.input}×${aw.input} input ` +
            '(the red cells lie outside it).'}
        </p>
      )}
    </div>
  );
});

interface OutputProps {
  outH: number;
  outW: number;
  oy: number;
  ox: number;
  step: number;
  channels: number;
  onHover(oy: number, ox: number): void;
}

function OutputGrid({ outH, outW, oy, ox, step, channels, onHover }: OutputProps) {
  const vr = outputView(outH, oy);
  const vc = outputView(outW, ox);
  const rows = vr.to - vr.from + 1;
  const cols = vc.to - vc.from + 1;
  const cs = cellSize(Math.max(rows, cols), SPACE);
  const cells = [];
  for (let y = vr.from; y <= vr.to; y++)
    for (let x = vc.from; x <= vc.to; x++) {
      const t = y * outW + x;
      const cls =
        t === step ? 'explain__out explain__out--now' : t < step ? 'explain__out explain__out--done' : 'explain__out';
      cells.push(
        <rect
          key={`${y},${x}`}
          className={cls}
          data-testid={t === step ? 'explain-output-current' : undefined}
          x={(x - vc.from) * cs}
          y={(y - vr.from) * cs}
          width={cs}
          height={cs}
          onMouseEnter={() => onHover(y, x)}
        />,
      );
    }
  const caption =
    `output ${outH}×${outW}×${channels}` +
    (vr.windowed || vc.windowed ? ` · showing rows ${vr.from}…${vr.to}, columns ${vc.from}…${vc.to}` : '');
  return (
    <figure>
      <svg width={cols * cs} height={rows * cs} data-testid="explain-output" role="img" aria-label={caption}>
        {cells}
      </svg>
      <figcaption className="muted small">{caption}</figcaption>
    </figure>
  );
}
