import type { Selection } from '../store/editor-state';
import { storeKeyOf } from './flow-model';

/**
 * The store selection after React Flow's select changes, or null when there were none. An expanded block is drawn
 * as a frame: its changes select or deselect the block, so a plain click elsewhere clears it like any other node.
 */
export function selectionAfter(
  current: Selection,
  changes: readonly { id: string; selected: boolean }[],
): Selection | null {
  if (changes.length === 0) return null;
  const nodes = new Set(current.nodeIds);
  const groups = new Set(current.groupIds);
  for (const c of changes) {
    const key = storeKeyOf(c.id);
    const set = key.kind === 'layer' ? nodes : groups;
    if (c.selected) set.add(key.id);
    else set.delete(key.id);
  }
  return { ...current, nodeIds: [...nodes], groupIds: [...groups] };
}
