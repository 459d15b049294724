import { describe, expect, it } from 'vitest';
import { kerasTutorialCnn, layeredLayout } from '../../../src-engine';
import { layoutDoc } from './doc-layout';
import type { EditorDoc } from './project-io';

function docWith(collapsedGroups: string[]): EditorDoc {
  const graph = {
    ...kerasTutorialCnn(),
    groups: [
      { id: 'outer', name: 'features', nodeIds: ['n1', 'n2', 'n3', 'n4'] },
      { id: 'inner', name: 'conv_block', nodeIds: ['n3', 'n4'], parent: 'outer' },
    ],
  };
  return { graph, layout: layeredLayout(graph), collapsedGroups };
}

describe('auto layout with nested blocks', () => {
  it('lays out a collapsed outer block as one node, whether or not the block inside it is collapsed too', () => {
    const outerOnly = layoutDoc(docWith(['outer']));
    expect(layoutDoc(docWith(['outer', 'inner']))).toEqual(outerOnly);
    expect(layoutDoc(docWith(['inner', 'outer']))).toEqual(outerOnly);
    // The block's layers keep their places relative to each other.
    const d = (l: Record<string, { x: number; y: number }>, a: string, b: string) => [l[b].x - l[a].x, l[b].y - l[a].y];
    expect(d(outerOnly, 'n1', 'n4')).toEqual(d(docWith([]).layout, 'n1', 'n4'));
  });
});
