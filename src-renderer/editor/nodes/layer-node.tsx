import { Handle, NodeToolbar, Position, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useRef, useState } from 'react';
import { getLayer } from '../../../src-engine';
import { FeatureMapThumbnail } from '../../dashboard';
import { selectNode } from '../store/selectors';
import { useEditor } from '../store/use-editor';
import type { LayerFlowNode } from './flow-model';
import { countText, paramSummary, shapeText } from '../common/format';
import { ownMessage, ProblemList } from '../common/problem-list';
import { useCompact } from './use-compact';
import { usePopoverSide } from './popover-side';
import { fieldTextOf } from '../explain/fields';

const NO_DIAGNOSTICS: never[] = [];

/**
 * One layer on the canvas: name, class, key parameters, output shape and parameter count. A layer with problems
 * shows a badge and its first message (with the arithmetic) in place of the parameters; selecting or pointing at
 * it opens a card beside it with every message and its one-click fixes. Zoomed out, it draws a compact form in
 * larger type (class, key parameters, output shape) so the text stays readable.
 */
export const LayerNodeView = memo(function LayerNodeView({ id, selected }: NodeProps<LayerFlowNode>) {
  const node = useEditor(selectNode(id));
  const info = useEditor((s) => s.inference.nodes.get(id));
  // What one output cell sees of the input, as a tooltip on the shape ("sees 14×14 px, steps 2 px").
  const field = useEditor((s) => fieldTextOf(s.inference, id));
  const diagnostics = useEditor((s) => s.diagnosticsByNode.get(id) ?? NO_DIAGNOSTICS);
  const compact = useCompact();
  const side = usePopoverSide(id);
  const [hover, setHover] = useState(false);
  const leaveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(leaveTimer.current), []);
  // The card stays while the pointer crosses the gap between node and card, so its fix buttons can be reached.
  const enter = () => {
    clearTimeout(leaveTimer.current);
    setHover(true);
  };
  const leave = () => {
    leaveTimer.current = setTimeout(() => setHover(false), 200);
  };
  if (!node) return null;
  const def = getLayer(node.className);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const params = info ? info.trainableParams + info.nonTrainableParams : 0;
  const state = errors ? 'error' : warnings ? 'warning' : 'ok';
  const summary = paramSummary(node.className, node.params);
  const badge =
    errors + warnings > 0 ? (
      <span
        className={`badge badge--${state}`}
        data-testid="node-problem-badge"
        title={diagnostics.map((d) => d.message).join('\n')}
      >
        {errors || warnings}
      </span>
    ) : null;
  return (
    <div
      className={[
        'layer-node',
        `cat-${def?.category ?? 'unknown'}`,
        `layer-node--${state}`,
        compact ? 'layer-node--compact' : '',
        selected ? 'is-selected' : '',
      ]
        .filter(Boolean)
        .join(' ')}
      data-testid={`node-${node.name}`}
      title={diagnostics.length ? undefined : def?.description}
      onMouseEnter={enter}
      onMouseLeave={leave}
    >
      {def && def.inputs.max > 0 ? (
        <Handle type="target" position={Position.Top} className="handle handle--in" />
      ) : null}
      {compact ? (
        <>
          <div className="layer-node__head">
            <span className="layer-node__title" title={`${node.name} (${node.className})`}>
              {node.className}
            </span>
            {badge}
          </div>
          {diagnostics.length > 0 ? (
            <div className={`layer-node__params layer-node__message--${state}`} data-testid="node-problem">
              {ownMessage(diagnostics[0])}
            </div>
          ) : (
            <div className="layer-node__params" title={summary || node.name}>
              {summary || node.name}
            </div>
          )}
          <FeatureMapThumbnail nodeId={id} />
          <div className="mono shape" data-testid="node-shape" title={field ?? undefined}>
            {shapeText(info?.outputShape)}
          </div>
        </>
      ) : (
        <>
          <div className="layer-node__head">
            <span className="layer-node__name" title={node.name}>
              {node.name}
            </span>
            <span className="layer-node__class" title={node.className}>
              {node.className}
            </span>
            {badge}
          </div>
          {diagnostics.length > 0 ? (
            <div className={`layer-node__message layer-node__message--${state}`} data-testid="node-problem">
              {ownMessage(diagnostics[0])}
            </div>
          ) : (
            <div className="layer-node__params" title={summary || undefined}>
              {summary || '\u00a0'}
            </div>
          )}
          <FeatureMapThumbnail nodeId={id} />
          <div className="layer-node__foot">
            <span className="mono shape" data-testid="node-shape" title={field ?? undefined}>
              {shapeText(info?.outputShape)}
            </span>
            <span className="layer-node__count" data-testid="node-params">
              {params > 0 ? `${countText(params)} params` : '—'}
            </span>
          </div>
        </>
      )}
      {/* Beside the node rather than inside it, so the chain below keeps its place; readable at any zoom; on the left
          near the canvas' right edge, so the inspector does not cut it off. */}
      <NodeToolbar isVisible={diagnostics.length > 0 && (selected || hover)} position={side} align="start" offset={12}>
        <div
          className="node-problems"
          data-testid={`node-problems-${node.name}`}
          onMouseEnter={enter}
          onMouseLeave={leave}
        >
          <ProblemList diagnostics={diagnostics} />
        </div>
      </NodeToolbar>
      <Handle type="source" position={Position.Bottom} className="handle handle--out" />
    </div>
  );
});
