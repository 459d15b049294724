import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useMemo } from 'react';
import type { FlowNode } from '../editor/nodes/flow-model';
import { fitArea, measuredHeights, useFitCanvas } from '../editor/canvas/fit-viewport';
import type { EditorStore } from '../editor/store/editor-store';
import type { ProjectController } from './project-controller';
import type { Commands } from './toolbar';

/** Every command the toolbar and the shortcuts share, bound to the store, the canvas and the controller. */
export function useCommands(
  store: EditorStore,
  controller: ProjectController,
  toggleHelp: () => void,
  openExport: () => void,
): Commands {
  const { getNodes } = useReactFlow<FlowNode>();
  const fitCanvas = useFitCanvas();
  const flow = useStoreApi();
  return useMemo(() => {
    const a = () => store.getState().actions;
    const fit = () => requestAnimationFrame(() => void fitCanvas(200));
    return {
      delete: () => a().deleteSelection(),
      undo: () => a().undo(),
      redo: () => a().redo(),
      copy: () => void a().copySelection(),
      cut: () => void a().cutSelection(),
      paste: () => void a().paste(),
      duplicate: () => void a().duplicateSelection(),
      selectAll: () => a().selectAll(),
      group: () => {
        const problem = a().groupSelection();
        if (problem) a().notify(problem, 'error');
      },
      ungroup: () => {
        const [groupId] = store.getState().selection.groupIds;
        if (groupId) a().ungroup(groupId);
      },
      fit,
      layout: () => {
        const { width, height } = flow.getState();
        a().autoLayout(measuredHeights(getNodes()), width && height ? fitArea(width, height) : undefined);
        fit();
      },
      new: () => void controller.newProject(),
      open: () => void controller.open(),
      save: () => void controller.save(),
      saveAs: () => void controller.saveAs(),
      export: openExport,
      help: toggleHelp,
      escape: () => a().clearSelection(),
    };
  }, [store, controller, fitCanvas, flow, getNodes, toggleHelp, openExport]);
}
