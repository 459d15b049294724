import { memo } from 'react';
import { emptySelection } from '../store/editor-state';
import { selectBlockRow, selectGroup } from '../store/selectors';
import { useActions, useEditor } from '../store/use-editor';
import { countText } from '../common/format';
import { NameField } from './name-field';

/** A block: its name, aggregate output and parameters (as Keras shows a nested Sequential), and its layers. */
export const GroupInspector = memo(function GroupInspector({ groupId }: { groupId: string }) {
  const group = useEditor(selectGroup(groupId));
  const collapsed = useEditor((s) => s.doc.collapsedGroups.includes(groupId));
  const row = useEditor(selectBlockRow(group?.name));
  const nodes = useEditor((s) => s.doc.graph.nodes);
  const actions = useActions();
  if (!group) return null;
  return (
    <div className="inspector__body" data-testid="group-inspector">
      <div className="inspector__class">
        <strong>Block (nested Sequential)</strong>
        <p className="muted">
          The summary shows these layers as one row, the way Keras shows a nested Sequential model.
        </p>
      </div>
      <NameField
        label="name"
        value={group.name}
        testId="group-name"
        onRename={(name) => actions.renameGroup(groupId, name)}
      />
      <dl className="facts">
        <dt>output</dt>
        <dd className="mono">{row?.outputShape ? `(${row.outputShape.map((d) => d ?? 'None').join(', ')})` : '?'}</dd>
        <dt>params</dt>
        <dd className="mono" data-testid="group-params">
          {countText(row?.params ?? 0)}
          {row?.nonTrainableParams ? ` (${countText(row.nonTrainableParams)} non-trainable)` : ''}
        </dd>
      </dl>
      <div className="panel-subtitle">Layers</div>
      <ul className="member-list">
        {group.nodeIds.map((id) => {
          const n = nodes.find((x) => x.id === id);
          return n ? (
            <li key={id}>
              <button
                type="button"
                className="link"
                onClick={() => actions.select({ ...emptySelection, nodeIds: [id] })}
                disabled={collapsed}
              >
                {n.name}
              </button>{' '}
              <span className="muted">{n.className}</span>
            </li>
          ) : null;
        })}
      </ul>
      <div className="button-row">
        <button type="button" data-testid="group-toggle" onClick={() => actions.setCollapsed(groupId, !collapsed)}>
          {collapsed ? 'Expand' : 'Collapse'}
        </button>
        <button type="button" data-testid="group-ungroup" onClick={() => actions.ungroup(groupId)}>
          Ungroup
        </button>
      </div>
    </div>
  );
});
