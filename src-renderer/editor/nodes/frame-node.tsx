import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useOptionalDashboard } from '../../dashboard';
import { THUMB_LANE } from '../store/canvas-boxes';
import { emptySelection } from '../store/editor-state';
import { selectBlockRow, selectGroup } from '../store/selectors';
import { useActions, useEditor, useEditorStore } from '../store/use-editor';
import { FRAME_SIDE, type FrameFlowNode } from './flow-model';
import { countText } from '../common/format';

/** The outline drawn behind an expanded block's layers; its header selects, collapses and names the block. */
export const FrameNodeView = memo(function FrameNodeView({ data }: NodeProps<FrameFlowNode>) {
  const group = useEditor(selectGroup(data.groupId));
  const params = useEditor((s) => selectBlockRow(group?.name)(s)?.params ?? 0);
  const selected = useEditor((s) => s.selection.groupIds.includes(data.groupId));
  const actions = useActions();
  const store = useEditorStore();
  // Feature-map thumbnails sit beside their layers: the frame widens by their lane so they never cover its header.
  const thumbnails = useOptionalDashboard((s) => group?.nodeIds.some((id) => id in s.featureMaps.activations) ?? false);
  if (!group) return null;
  return (
    <div
      className={`frame-node${selected ? ' is-selected' : ''}`}
      style={{ width: data.width + (thumbnails ? THUMB_LANE : 0), height: data.height }}
      data-testid={`frame-${group.name}`}
    >
      <div
        className="frame-node__head"
        style={{ width: FRAME_SIDE }}
        onClick={(e) => {
          // Shift/Ctrl/Cmd-click adds the block to the selection (or takes it out), as on layers.
          if (!(e.shiftKey || e.ctrlKey || e.metaKey))
            return actions.select({ ...emptySelection, groupIds: [group.id] });
          const { groupIds } = store.getState().selection;
          actions.select({
            groupIds: groupIds.includes(group.id) ? groupIds.filter((g) => g !== group.id) : [...groupIds, group.id],
          });
        }}
      >
        <span className="frame-node__name" title={group.name}>
          {/* Keras names are words joined by underscores: a long one wraps after an underscore, not mid-word. */}
          {group.name.replace(/_/g, '_\u200b')}
        </span>
        <span className="frame-node__meta">block · {countText(params)} params</span>
        <button
          type="button"
          className="frame-node__toggle nodrag"
          data-testid="collapse-block"
          title="Collapse the block into one node"
          onClick={(e) => {
            e.stopPropagation();
            actions.setCollapsed(group.id, true);
          }}
        >
          Collapse
        </button>
      </div>
    </div>
  );
});
