import { memo } from 'react';
import { ancestorsOf } from '../../../src-engine';
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
  const parent = useEditor((s) => (group?.parent ? s.groupsById.get(group.parent) : undefined));
  // Inside a collapsed block the layers are not on the canvas, so they cannot be selected there.
  const hidden = useEditor((s) =>
    [groupId, ...ancestorsOf(s.doc.graph.groups ?? [], groupId)].some((g) => s.doc.collapsedGroups.includes(g)),
  );
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
        {parent ? (
          <>
            <dt>inside</dt>
            <dd>
              <button
                type="button"
                className="link"
                data-testid="group-parent"
                onClick={() => actions.select({ ...emptySelection, groupIds: [parent.id] })}
              >
                {parent.name}
              </button>
            </dd>
          </>
        ) : null}
      </dl>
      <div className="panel-subtitle">Layers and blocks</div>
      <ul className="member-list">
        {(row?.children ?? []).map((r) => (
          <li key={r.groupId ?? r.nodeIds[0]}>
            <button
              type="button"
              className="link"
              onClick={() =>
                actions.select(
                  r.groupId ? { ...emptySelection, groupIds: [r.groupId] } : { ...emptySelection, nodeIds: r.nodeIds },
                )
              }
              disabled={hidden}
            >
              {r.name}
            </button>{' '}
            <span className="muted">{r.groupId ? 'block' : r.className}</span>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" data-testid="group-toggle" onClick={() => actions.setCollapsed(groupId, !collapsed)}>
          {collapsed ? 'Expand' : 'Collapse'}
        </button>
        <button
          type="button"
          data-testid="group-ungroup"
          title={`Remove this block; what it holds moves up to ${parent ? parent.name : 'the model'}`}
          onClick={() => actions.ungroup(groupId)}
        >
          Ungroup
        </button>
      </div>
    </div>
  );
});
