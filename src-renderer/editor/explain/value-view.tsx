import { memo, useMemo, useState } from 'react';
import {
  decodeWeights,
  layerActivations,
  windowAt,
  type ExplainModel,
  type ModelGraph,
  type ProjectFile,
} from '../../../src-engine';
import { useOptionalDashboard } from '../../dashboard';
import { useEditor } from '../store/use-editor';
import { numberText } from './explain-view';
import { sampleInput, valueAt } from './value-at';

interface Props {
  model: ExplainModel;
  oy: number;
  ox: number;
}

/** The trained weights and every activation up to the node, for the pinned sample; recomputed only when they change. */
function useActivations(graph: ModelGraph, stored: ProjectFile['weights'], pixels: Uint8Array | null, nodeId: string) {
  return useMemo(() => {
    if (!stored || !pixels) return null;
    try {
      const weights = decodeWeights(stored, graph);
      const result = layerActivations(graph, weights, sampleInput(pixels), nodeId);
      return 'problem' in result ? result : { weights, outputs: result.outputs };
    } catch (e) {
      return { problem: e instanceof Error ? e.message : String(e) };
    }
  }, [graph, stored, pixels, nodeId]);
}

/** A small grid of numbers: the input patch of one channel, or the kernel slice that multiplies it. */
function NumberGrid({ rows, testId }: { rows: (number | null)[][]; testId: string }) {
  return (
    <table className="explain__numbers mono" data-testid={testId}>
      <tbody>
        {rows.map((r, y) => (
          <tr key={y}>
            {r.map((v, x) => (
              <td key={x} className={v === null ? 'muted' : undefined}>
                {v === null ? '0' : numberText(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The hovered output value worked out on the pinned sample with the trained weights: the input patch, the kernel's
 * weights and the product-sum, next to the engine's own output at that place.
 */
export const ValueView = memo(function ValueView({ model, oy, ox }: Props) {
  const graph = useEditor((s) => s.doc.graph);
  const stored = useEditor((s) => s.extras.weights);
  const pixels = useOptionalDashboard((s) => s.pinned?.thumbnail?.pixels ?? null);
  const dropped = useOptionalDashboard((s) => s.pinned !== null && !s.pinned.thumbnail);
  const result = useActivations(graph, stored, pixels, model.nodeId);
  const [channel, setChannel] = useState(0);
  const [shownInput, setShownInput] = useState(0);
  const node = graph.nodes.find((n) => n.id === model.nodeId);
  if (model.kind === 'zero-padding' || !node) return null;
  const needs = !stored
    ? 'trained weights (train the model first)'
    : !pixels
      ? dropped
        ? 'a sample pinned from the dataset (a dropped image is preprocessed by the services, not here)'
        : 'a pinned sample'
      : null;
  if (needs || !result)
    return (
      <p className="muted small" data-testid="explain-value-missing">
        {`To work out the hovered output value on a real image, this needs ${needs}: ` +
          'pin a sample in the Train tab (click a dataset thumbnail) after training.'}
      </p>
    );
  if ('problem' in result)
    return (
      <p className="field__error small" data-testid="explain-value-problem">
        {`Cannot compute the values: ${result.problem}`}
      </p>
    );
  const input = result.outputs.get(node.inputs[0]);
  const output = result.outputs.get(node.id);
  if (!input || !output) return null;
  const ch = Math.min(channel, model.channelsOut - 1);
  const byName = Object.fromEntries(result.weights.get(node.id) ?? []);
  const v = valueAt(model, input, output, byName, oy, ox, ch);
  if (!v) return null;
  const noun = model.kind === 'conv' ? 'filter' : 'channel';
  const check = (
    <span className={v.matches ? 'explain__ok' : 'field__error'} data-testid="explain-value-check">
      {`engine: ${numberText(v.engine)} ${v.matches ? '✓ same value' : '✗ differs'}`}
    </span>
  );
  const picker = (
    <label className="inline-field">
      {noun}
      <input
        type="number"
        min={0}
        max={model.channelsOut - 1}
        value={ch}
        onChange={(e) => setChannel(Math.max(0, Math.min(model.channelsOut - 1, Number(e.target.value) || 0)))}
        data-testid="explain-value-channel"
      />
    </label>
  );
  if (v.kind === 'pool') {
    const how = model.kind === 'max-pool' ? 'max' : 'mean';
    return (
      <div className="small explain__value" data-testid="explain-value">
        <div className="explain__controls">
          {picker}
          <span className="mono" data-testid="explain-value-sum">
            {`${how}(${v.cells.map((c) => numberText(c.value)).join(', ')}) = ${numberText(v.value)}`}
          </span>
          {check}
        </div>
      </div>
    );
  }
  const c = Math.min(shownInput, model.input[2] - 1);
  const win = windowAt(model, oy, ox);
  const [H, W, C] = model.input;
  const kernel = byName.kernel.values;
  const patch: (number | null)[][] = [];
  const weights: number[][] = [];
  for (let ky = 0; ky < model.axes[0].window; ky++) {
    const y = win.rows[0] + ky;
    patch.push([]);
    weights.push([]);
    for (let kx = 0; kx < model.axes[1].window; kx++) {
      const x = win.cols[0] + kx;
      patch[ky].push(y < 0 || y >= H || x < 0 || x >= W ? null : input.values[(y * W + x) * C + c]);
      weights[ky].push(kernel[((ky * model.axes[1].window + kx) * C + c) * model.channelsOut + ch]);
    }
  }
  const parts = v.channelSums
    .map((s, i) => (i === 0 ? numberText(s) : s < 0 ? `− ${numberText(-s)}` : `+ ${numberText(s)}`))
    .join(' ');
  return (
    <div className="small explain__value" data-testid="explain-value">
      <div className="explain__controls">
        {picker}
        <label className="inline-field">
          input channel
          <input
            type="number"
            min={0}
            max={C - 1}
            value={c}
            onChange={(e) => setShownInput(Math.max(0, Math.min(C - 1, Number(e.target.value) || 0)))}
          />
        </label>
      </div>
      <div className="explain__drawing">
        <figure>
          <NumberGrid rows={patch} testId="explain-value-patch" />
          <figcaption className="muted">{`input patch, channel ${c} (grey: padding)`}</figcaption>
        </figure>
        <span className="explain__arrow">⊙</span>
        <figure>
          <NumberGrid rows={weights} testId="explain-value-kernel" />
          <figcaption className="muted">{`kernel[:, :, ${c}, ${ch}]`}</figcaption>
        </figure>
      </div>
      <div className="mono" data-testid="explain-value-sum">
        {`Σ over ${C} channel${C === 1 ? '' : 's'} = ${parts}` +
          (byName.bias ? ` + bias (${numberText(v.sum.bias)})` : '') +
          ` = ${numberText(v.sum.preActivation)} → ${model.activation} → ${numberText(v.value)}`}
      </div>
      {check}
    </div>
  );
});
