import { memo } from 'react';
import { useActions, useEditor } from '../store/use-editor';
import { GroupInspector } from './group-inspector';
import { LayerInspector } from './layer-inspector';
import { ModelInspector } from './model-inspector';

/** The right-hand panel: what is selected decides what it shows. */
export const Inspector = memo(function Inspector() {
  const selection = useEditor((s) => s.selection);
  const actions = useActions();
  const layers = selection.nodeIds.length;
  const groups = selection.groupIds.length;
  let title = 'Model';
  let body = <ModelInspector />;
  if (layers === 1 && groups === 0) {
    title = 'Layer';
    body = <LayerInspector key={selection.nodeIds[0]} nodeId={selection.nodeIds[0]} />;
  } else if (groups === 1 && layers === 0) {
    title = 'Block';
    body = <GroupInspector key={selection.groupIds[0]} groupId={selection.groupIds[0]} />;
  } else if (layers + groups > 1) {
    title = 'Selection';
    body = (
      <div className="inspector__body" data-testid="multi-inspector">
        <p>
          {layers} layer{layers === 1 ? '' : 's'}
          {groups ? ` and ${groups} block${groups === 1 ? '' : 's'}` : ''} selected.
        </p>
        <div className="button-row">
          <button
            type="button"
            data-testid="group-selection"
            onClick={() => {
              const problem = actions.groupSelection();
              if (problem) actions.notify(problem, 'error');
            }}
          >
            Group as block
          </button>
          <button type="button" onClick={actions.duplicateSelection}>
            Duplicate
          </button>
          <button type="button" className="danger" onClick={actions.deleteSelection}>
            Delete
          </button>
        </div>
      </div>
    );
  }
  return (
    <aside className="inspector" data-testid="inspector">
      <div className="panel-title">{title}</div>
      {body}
    </aside>
  );
});
