import { describe, expect, it } from 'vitest';
import { inferShapes, kerasTutorialCnn, layeredLayout } from '../../../src-engine';
import { emptySelection } from '../store/editor-state';
import type { EditorDoc } from '../store/project-io';
import { toFlow } from './flow-model';

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
const drawn = (doc: EditorDoc) => {
  const { nodes, edges } = toFlow(doc, inferShapes(doc.graph), emptySelection, {});
  return { ids: nodes.map((n) => n.id).sort(), edges: edges.map((e) => `${e.source}>${e.target}`) };
};

describe('nested blocks on the canvas', () => {
  it('collapsing the outer block hides the inner one: one node, wired in and out', () => {
    for (const collapsed of [['outer'], ['outer', 'inner']]) {
      const { ids, edges } = drawn(docWith(collapsed));
      expect(ids).toEqual(['block:outer', 'n0', 'n5', 'n6', 'n7']);
      expect(edges).toEqual(['n0>block:outer', 'block:outer>n5', 'n5>n6', 'n6>n7']);
    }
  });

  it('expanding the outer block shows the inner one as it was left', () => {
    expect(drawn(docWith(['inner'])).ids).toEqual(['block:inner', 'frame:outer', 'n0', 'n1', 'n2', 'n5', 'n6', 'n7']);
    expect(drawn(docWith([])).ids).toContain('frame:inner');
  });

  it('draws the outer frame around the inner frame, with room for both name columns', () => {
    const { nodes } = toFlow(docWith([]), inferShapes(docWith([]).graph), emptySelection, {});
    const box = (id: string) => {
      const n = nodes.find((x) => x.id === id);
      const d = n?.data as { width: number; height: number };
      return { x: n!.position.x, y: n!.position.y, right: n!.position.x + d.width, bottom: n!.position.y + d.height };
    };
    const outer = box('frame:outer');
    const inner = box('frame:inner');
    expect(outer.x).toBeLessThan(inner.x);
    expect(outer.y).toBeLessThan(inner.y);
    expect(outer.right).toBeGreaterThanOrEqual(inner.right + 100);
    expect(outer.bottom).toBeGreaterThan(inner.bottom);
  });
});
