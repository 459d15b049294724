import { describe, expect, it } from 'vitest';
import { emptySelection } from '../store/editor-state';
import { blockNodeId, frameNodeId } from './flow-model';
import { selectionAfter } from './flow-selection';

describe('canvas selection changes', () => {
  it('a plain click on a layer after selecting an expanded block selects only the layer', () => {
    // React Flow deselects every other node on a plain click, the block's frame included.
    const before = { ...emptySelection, groupIds: ['g1'] };
    const after = selectionAfter(before, [
      { id: frameNodeId('g1'), selected: false },
      { id: 'n3', selected: true },
    ]);
    expect(after).toEqual({ nodeIds: ['n3'], groupIds: [], edgeIds: [] });
  });

  it('a Ctrl-click adds a layer to a selected block, and a collapsed block is selected by its node', () => {
    const before = { ...emptySelection, groupIds: ['g1'] };
    expect(selectionAfter(before, [{ id: 'n3', selected: true }])).toEqual({
      nodeIds: ['n3'],
      groupIds: ['g1'],
      edgeIds: [],
    });
    expect(selectionAfter(emptySelection, [{ id: blockNodeId('g2'), selected: true }])?.groupIds).toEqual(['g2']);
  });

  it('returns null when no change is a selection change', () => {
    expect(selectionAfter(emptySelection, [])).toBeNull();
  });
});
