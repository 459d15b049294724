import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { selectBlockRow, selectGroup } from '../store/selectors';
import { useActions, useEditor } from '../store/use-editor';
import type { BlockFlowNode } from './flow-model';
import { countText } from '../common/format';

/** A collapsed block: one node standing for its layers, with their aggregate output shape and parameters. */
export const BlockNodeView = memo(function BlockNodeView({ data, selected }: NodeProps<BlockFlowNode>) {
  const group = useEditor(selectGroup(data.groupId));
  const row = useEditor(selectBlockRow(group?.name));
  const errors = useEditor(
    (s) =>
      group?.nodeIds.reduce(
        (n, id) => n + (s.diagnosticsByNode.get(id)?.filter((d) => d.severity === 'error').length ?? 0),
        0,
      ) ?? 0,
  );
  // Blocks directly inside this one, as Keras lists nested Sequentials inside a Sequential.
  const inner = useEditor((s) => s.doc.graph.groups?.filter((g) => g.parent === data.groupId).length ?? 0);
  const actions = useActions();
  if (!group) return null;
  const shape = row?.outputShape ? `(${row.outputShape.map((d) => d ?? 'None').join(', ')})` : '?';
  return (
    <div
      className={`layer-node block-node${errors ? ' layer-node--error' : ''}${selected ? ' is-selected' : ''}`}
      data-testid={`block-${group.name}`}
    >
      <Handle type="target" position={Position.Top} className="handle handle--in" isConnectable={false} />
      <div className="layer-node__head">
        <span className="layer-node__name">{group.name}</span>
        {errors ? <span className="badge badge--error">{errors}</span> : null}
      </div>
      <div className="layer-node__params">
        Sequential block · {group.nodeIds.length} layer{group.nodeIds.length === 1 ? '' : 's'}
        {inner ? ` in ${inner} inner block${inner === 1 ? '' : 's'}` : ''}
      </div>
      <div className="layer-node__foot">
        <span className="mono shape" data-testid="node-shape">
          {shape}
        </span>
        <span className="layer-node__count" data-testid="node-params">
          {countText(row?.params ?? 0)} params
        </span>
      </div>
      <button
        type="button"
        className="block-node__toggle nodrag"
        data-testid="expand-block"
        onClick={() => actions.setCollapsed(group.id, false)}
      >
        Expand
      </button>
      <Handle type="source" position={Position.Bottom} className="handle handle--out" isConnectable={false} />
    </div>
  );
});
