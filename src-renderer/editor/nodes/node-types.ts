import type { NodeTypes } from '@xyflow/react';
import { BlockNodeView } from './block-node';
import { FrameNodeView } from './frame-node';
import { LayerNodeView } from './layer-node';

/** At module scope so React Flow never sees a new object and remounts every node. */
export const nodeTypes: NodeTypes = { layer: LayerNodeView, block: BlockNodeView, frame: FrameNodeView };
