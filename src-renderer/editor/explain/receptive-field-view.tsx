import { memo } from 'react';
import {
  fieldBoxAt,
  receptiveFieldText,
  regionAt,
  type GraphInference,
  type ReceptiveField,
} from '../../../src-engine';

const SPACE = 220;

interface Props {
  inference: GraphInference;
  nodeId: string;
  field: ReceptiveField;
  oy: number;
  ox: number;
}

/** The model's input image with what output cell (oy, ox) sees outlined; dashed where the field reaches padding. */
export const ReceptiveFieldView = memo(function ReceptiveFieldView({ inference, nodeId, field, oy, ox }: Props) {
  const input = inference.nodes.get(inference.inputIds[0] ?? '')?.outputShape;
  if (!input || input.length !== 3) return null;
  const [H, W] = input;
  const scale = Math.min(SPACE / Math.max(H, W), 10);
  const seen = regionAt(inference, nodeId, oy, ox);
  const full = fieldBoxAt(field, oy, ox);
  const margin = 6;
  const box = (b: { top: number; left: number; bottom: number; right: number }) => ({
    x: margin + b.left * scale,
    y: margin + b.top * scale,
    width: (b.right - b.left + 1) * scale,
    height: (b.bottom - b.top + 1) * scale,
  });
  const lines = [];
  if (scale >= 4) {
    for (let y = 1; y < H; y++)
      lines.push(
        <line key={`h${y}`} x1={margin} x2={margin + W * scale} y1={margin + y * scale} y2={margin + y * scale} />,
      );
    for (let x = 1; x < W; x++)
      lines.push(
        <line key={`v${x}`} y1={margin} y2={margin + H * scale} x1={margin + x * scale} x2={margin + x * scale} />,
      );
  }
  const text = seen
    ? `output (${oy}, ${ox}) sees input rows ${seen.top}…${seen.bottom}, columns ${seen.left}…${seen.right}`
    : `output (${oy}, ${ox}) sees only padding`;
  return (
    <div className="explain__rf">
      <svg
        width={W * scale + 2 * margin}
        height={H * scale + 2 * margin}
        viewBox={`0 0 ${W * scale + 2 * margin} ${H * scale + 2 * margin}`}
        data-testid="explain-rf"
        role="img"
        aria-label={text}
      >
        <rect className="explain__in" x={margin} y={margin} width={W * scale} height={H * scale} />
        <g className="explain__gridlines">{lines}</g>
        <rect className="explain__rf-full" {...box(full)} />
        {seen ? <rect className="explain__rf-seen" data-testid="explain-rf-outline" {...box(seen)} /> : null}
      </svg>
      <div className="small">
        <div data-testid="explain-rf-text">
          {`Each output cell ${receptiveFieldText(field)} of the ${H}×${W} input.`}
        </div>
        <div className="muted mono" data-testid="explain-rf-cell">
          {text}
        </div>
        <div className="muted">
          Solid: the pixels it depends on. Dashed: its full field, which may reach into the padding.
        </div>
      </div>
    </div>
  );
});
