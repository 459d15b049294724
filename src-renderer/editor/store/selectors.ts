// Narrow selectors for the canvas nodes: each reads one entry of a derived map, so a node's subscription costs
// O(1) per store update instead of a scan of the graph (O(n²) over a big canvas).
import type { EditorState } from './editor-state';

export const selectNode = (id: string) => (s: EditorState) => s.nodesById.get(id);
export const selectGroup = (id: string) => (s: EditorState) => s.groupsById.get(id);
/** A block's summary row (output shape, parameters); blocks are Sequential rows named after the block. */
export const selectBlockRow = (name: string | undefined) => (s: EditorState) =>
  name === undefined ? undefined : s.blockRowsByName.get(name);
