import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  useStoreApi,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { connectionProblem } from '../store/graph-edits';
import { useActions, useEditor, useEditorStore } from '../store/use-editor';
import { NODE_WIDTH, type XY } from '../store/auto-layout';
import { categoryColour } from '../common/categories';
import { cssColour, useTheme } from '../../common/theme';
import { storeKeyOf, toFlow, type FlowEdge, type FlowNode, type Measured } from '../nodes/flow-model';
import { nodeTypes } from '../nodes/node-types';
import { selectionAfter } from '../nodes/flow-selection';
import { useCompact } from '../nodes/use-compact';
import { fitArea, measuredHeights, useFitCanvas } from './fit-viewport';

/** The drag-and-drop payload type for a layer class name dragged from the palette. */
export const LAYER_DRAG_TYPE = 'application/x-filterbank-layer';

export function Canvas() {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const inference = useEditor((s) => s.inference);
  const selection = useEditor((s) => s.selection);
  const epoch = useEditor((s) => s.epoch);
  const paneLayoutPending = useEditor((s) => s.paneLayoutPending);
  const actions = useActions();
  const { screenToFlowPosition, getNodes } = useReactFlow<FlowNode, FlowEdge>();
  const flow = useStoreApi<FlowNode, FlowEdge>();
  const fit = useFitCanvas();
  const compact = useCompact();
  const [showMap, setShowMap] = useState(true);
  // Colours React Flow draws itself (dots, minimap) come from the theme's variables, read again when it changes.
  const { theme } = useTheme();
  const colours = useMemo(
    () => ({
      dots: cssColour('--canvas-dots', '#c9ced8'),
      block: cssColour('--minimap-block', '#334155'),
      frame: cssColour('--minimap-node', '#94a3b8'),
      theme,
    }),
    [theme],
  );
  const initialized = useNodesInitialized();
  const fittedEpoch = useRef<number | null>(null);
  const [measured, setMeasured] = useState<Measured>({});

  const { nodes, edges } = useMemo(
    () => toFlow(doc, inference, selection, measured),
    [doc, inference, selection, measured],
  );

  useEffect(() => {
    // Fit once per loaded document, after its nodes are measured. An empty canvas is not fitted: the first layer
    // dropped on it would make the view jump.
    if (fittedEpoch.current === epoch || !initialized || store.getState().doc.graph.nodes.length === 0) return;
    const frame = requestAnimationFrame(() => {
      // A template or import is first laid out for this pane (wrapped into columns); the effect runs again to fit it.
      const { width, height } = flow.getState();
      if (store.getState().paneLayoutPending && width && height) {
        actions.layoutOpenedForPane(measuredHeights(getNodes()), fitArea(width, height));
        return;
      }
      if (fit()) fittedEpoch.current = epoch;
    });
    return () => cancelAnimationFrame(frame);
  }, [epoch, initialized, fit, store, paneLayoutPending, flow, actions, getNodes]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const moved: Record<string, XY> = {};
      const sizes: Record<string, { width: number; height: number }> = {};
      const selects: { id: string; selected: boolean }[] = [];
      for (const c of changes) {
        if (c.type === 'position' && c.position) {
          const key = storeKeyOf(c.id);
          if (key.kind !== 'frame') moved[key.id] = { x: Math.round(c.position.x), y: Math.round(c.position.y) };
        } else if (c.type === 'dimensions' && c.dimensions) {
          sizes[c.id] = c.dimensions;
        } else if (c.type === 'select') {
          selects.push(c);
        }
      }
      if (Object.keys(moved).length > 0) actions.moveNodesLive(moved);
      const sel = selectionAfter(store.getState().selection, selects);
      if (sel) actions.select({ nodeIds: sel.nodeIds, groupIds: sel.groupIds });
      if (Object.keys(sizes).length > 0) {
        setMeasured((prev) => {
          const changed = Object.entries(sizes).filter(
            ([id, d]) => prev[id]?.width !== d.width || prev[id]?.height !== d.height,
          );
          return changed.length ? { ...prev, ...Object.fromEntries(changed) } : prev;
        });
      }
    },
    [actions, store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      const selected = new Set(store.getState().selection.edgeIds);
      let touched = false;
      for (const c of changes) {
        if (c.type !== 'select') continue;
        touched = true;
        if (c.selected) selected.add(c.id);
        else selected.delete(c.id);
      }
      if (touched) actions.select({ edgeIds: [...selected] });
    },
    [actions, store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (storeKeyOf(c.source).kind !== 'layer' || storeKeyOf(c.target).kind !== 'layer') {
        actions.notify('Expand the block to connect to the layers inside it', 'error');
        return;
      }
      actions.connect(c.source, c.target);
    },
    [actions],
  );

  const isValidConnection = useCallback<IsValidConnection<FlowEdge>>(
    (c) =>
      storeKeyOf(c.source).kind === 'layer' &&
      storeKeyOf(c.target).kind === 'layer' &&
      connectionProblem(store.getState().doc.graph, c.source, c.target) === null,
    [store],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(LAYER_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const className = e.dataTransfer.getData(LAYER_DRAG_TYPE);
      if (!className) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      actions.addLayer(className, { x: Math.round(p.x - NODE_WIDTH / 2), y: Math.round(p.y - 20) });
    },
    [actions, screenToFlowPosition],
  );

  return (
    <div
      className={compact ? 'canvas canvas--compact' : 'canvas'}
      data-testid="canvas"
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeDragStop={actions.endMove}
        onSelectionDragStop={actions.endMove}
        onPaneClick={actions.clearSelection}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Shift', 'Control', 'Meta']}
        minZoom={0.15}
        maxZoom={2.5}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color={colours.dots} />
        {/* Our Fit (readable minimum zoom, start of a long model) replaces React Flow's. */}
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton onClick={() => fit(200)} title="Fit the model to the view" aria-label="Fit view">
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
          </ControlButton>
          <ControlButton
            onClick={() => setShowMap((v) => !v)}
            title={showMap ? 'Hide the minimap' : 'Show the minimap'}
            aria-label={showMap ? 'Hide minimap' : 'Show minimap'}
            data-testid="toggle-minimap"
          >
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <rect x="1.5" y="3.5" width="13" height="9" fill="none" stroke="currentColor" strokeWidth="1.4" />
              <rect x="8" y="8" width="5" height="3" fill={showMap ? 'currentColor' : 'none'} stroke="currentColor" />
            </svg>
          </ControlButton>
        </Controls>
        {showMap ? (
          <MiniMap<FlowNode>
            pannable
            zoomable
            nodeColor={(n) =>
              n.type === 'frame'
                ? 'transparent'
                : n.type === 'block'
                  ? colours.block
                  : categoryColour(store.getState().nodesById.get(n.id)?.className)
            }
            nodeStrokeColor={(n) => (n.type === 'frame' ? colours.frame : 'transparent')}
            style={{ width: 150, height: 100 }}
          />
        ) : null}
      </ReactFlow>
    </div>
  );
}
