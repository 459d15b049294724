import type { Edge, Node } from '@xyflow/react';
import { type GraphInference, formatShapeWithBatch } from '../../../src-engine';
import { blockView } from '../store/block-view';
import { groupOrigin } from '../store/doc-layout';
import { edgeIdOf, type Selection } from '../store/editor-state';
import type { EditorDoc } from '../store/project-io';
import { NODE_HEIGHT, NODE_WIDTH } from '../store/auto-layout';
import { FRAME_PAD, FRAME_SIDE } from '../store/canvas-boxes';

/** React Flow ids: a layer node keeps its graph id; blocks get prefixed ids that cannot clash with `n<k>`. */
export const blockNodeId = (groupId: string) => `block:${groupId}`;
export const frameNodeId = (groupId: string) => `frame:${groupId}`;

export type LayerFlowNode = Node<Record<string, never>, 'layer'>;
export type BlockFlowNode = Node<{ groupId: string }, 'block'>;
export type FrameFlowNode = Node<{ groupId: string; width: number; height: number }, 'frame'>;
export type FlowNode = LayerFlowNode | BlockFlowNode | FrameFlowNode;
export type FlowEdge = Edge<{ target: string; index: number }>;

export type Measured = Readonly<Record<string, { width: number; height: number }>>;

/** What a React Flow node id stands for in the store: a layer, or a block (by group id). */
export function storeKeyOf(flowId: string): { kind: 'layer' | 'block' | 'frame'; id: string } {
  if (flowId.startsWith('block:')) return { kind: 'block', id: flowId.slice(6) };
  if (flowId.startsWith('frame:')) return { kind: 'frame', id: flowId.slice(6) };
  return { kind: 'layer', id: flowId };
}

// The frame's padding and its right-hand column (name and buttons) are sized in one place, beside the overlap checks.
export { FRAME_SIDE } from '../store/canvas-boxes';

/**
 * The editor document as React Flow nodes and edges. Collapsed blocks become one node; wires into and out of a
 * collapsed block attach to it and wires inside it are hidden. Expanded blocks get a frame drawn behind their
 * layers. Each edge is one input slot of its target (id `${target}#${index}`), labelled with the tensor shape
 * it carries and, into merge layers, the input's position.
 */
export function toFlow(
  doc: EditorDoc,
  inference: GraphInference,
  selection: Selection,
  measured: Measured,
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const collapsed = new Set(doc.collapsedGroups);
  const { hidden, blockOf, rings } = blockView(doc);
  const selectedNodes = new Set(selection.nodeIds);
  const selectedGroups = new Set(selection.groupIds);
  const selectedEdges = new Set(selection.edgeIds);
  const sizeOf = (id: string) => measured[id] ?? { width: NODE_WIDTH, height: NODE_HEIGHT };
  const withMeasured = <T extends FlowNode>(n: T): T => (measured[n.id] ? { ...n, measured: measured[n.id] } : n);

  const nodes: FlowNode[] = [];
  for (const g of doc.graph.groups ?? []) {
    if (hidden.has(g.id)) continue;
    const origin = groupOrigin(doc, g.nodeIds);
    if (collapsed.has(g.id)) {
      nodes.push(
        withMeasured({
          id: blockNodeId(g.id),
          type: 'block',
          position: origin,
          data: { groupId: g.id },
          selected: selectedGroups.has(g.id),
        }),
      );
      continue;
    }
    const right = Math.max(...g.nodeIds.map((id) => (doc.layout[id]?.x ?? origin.x) + sizeOf(id).width));
    const bottom = Math.max(...g.nodeIds.map((id) => (doc.layout[id]?.y ?? origin.y) + sizeOf(id).height));
    // A frame around inner frames grows by one ring (padding and name column) per level inside it.
    const ring = rings.get(g.id) ?? 1;
    const pad = FRAME_PAD * ring;
    const width = right - origin.x + 2 * pad + FRAME_SIDE * ring;
    const height = bottom - origin.y + 2 * pad;
    nodes.push({
      id: frameNodeId(g.id),
      type: 'frame',
      position: { x: origin.x - pad, y: origin.y - pad },
      data: { groupId: g.id, width, height },
      measured: { width, height },
      selected: selectedGroups.has(g.id),
      selectable: false,
      draggable: false,
      focusable: false,
      connectable: false,
      zIndex: -ring,
    });
  }
  for (const n of doc.graph.nodes) {
    if (blockOf.has(n.id)) continue;
    nodes.push(
      withMeasured({
        id: n.id,
        type: 'layer',
        position: doc.layout[n.id] ?? { x: 0, y: 0 },
        data: {},
        selected: selectedNodes.has(n.id),
      }),
    );
  }

  const known = new Set(doc.graph.nodes.map((n) => n.id));
  const edges: FlowEdge[] = [];
  const multiInput = (id: string) => (doc.graph.nodes.find((n) => n.id === id)?.inputs.length ?? 0) > 1;
  for (const n of doc.graph.nodes) {
    n.inputs.forEach((src, index) => {
      if (!known.has(src)) return;
      const source = blockOf.has(src) ? blockNodeId(blockOf.get(src) as string) : src;
      const target = blockOf.has(n.id) ? blockNodeId(blockOf.get(n.id) as string) : n.id;
      if (source === target) return;
      const shape = inference.nodes.get(src)?.outputShape;
      const shapeText = shape ? formatShapeWithBatch([null, ...shape]) : '?';
      const id = edgeIdOf(n.id, index);
      edges.push({
        id,
        source,
        target,
        data: { target: n.id, index },
        label: multiInput(n.id) ? `#${index + 1} ${shapeText}` : shapeText,
        selected: selectedEdges.has(id),
        className: shape ? undefined : 'edge-unknown',
      });
    });
  }
  return { nodes, edges };
}
