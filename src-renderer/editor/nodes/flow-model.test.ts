import { describe, expect, it } from 'vitest';
import { inferShapes } from '../../../src-engine/model/inference';
import { kerasTutorialCnn, smallResNet } from '../../../src-engine/model/templates';
import { layeredLayout } from '../store/auto-layout';
import { toFlow } from './flow-model';
import { emptySelection } from '../store/editor-state';
import type { EditorDoc } from '../store/project-io';

const docOf = (graph: EditorDoc['graph'], collapsedGroups: string[] = []): EditorDoc => ({
  graph,
  layout: layeredLayout(graph),
  collapsedGroups,
});

describe('toFlow', () => {
  it('labels each wire with the tensor shape it carries', () => {
    const doc = docOf(kerasTutorialCnn());
    const { nodes, edges } = toFlow(doc, inferShapes(doc.graph), { ...emptySelection, nodeIds: ['n2'] }, {});
    expect(nodes.filter((n) => n.type === 'layer')).toHaveLength(8);
    expect(nodes.find((n) => n.id === 'n2')?.selected).toBe(true);
    expect(edges.map((e) => e.label)).toEqual([
      '(None, 28, 28, 1)',
      '(None, 28, 28, 8)',
      '(None, 14, 14, 8)',
      '(None, 14, 14, 32)',
      '(None, 7, 7, 32)',
      '(None, 1568)',
      '(None, 64)',
    ]);
    expect(edges[0]).toMatchObject({ id: 'n1#0', source: 'n0', target: 'n1' });
  });

  it('numbers the inputs of merge layers in order', () => {
    const doc = docOf(smallResNet());
    const add = doc.graph.nodes.find((n) => n.name === 'add');
    const { edges } = toFlow(doc, inferShapes(doc.graph), emptySelection, {});
    expect(edges.filter((e) => e.target === add?.id).map((e) => e.label)).toEqual([
      '#1 (None, 28, 28, 16)',
      '#2 (None, 28, 28, 16)',
    ]);
  });

  it('draws a collapsed block as one node with the wires that cross it, and a frame around an expanded one', () => {
    const graph = {
      ...kerasTutorialCnn(),
      groups: [{ id: 'g0', name: 'features', nodeIds: ['n1', 'n2', 'n3', 'n4'] }],
    };
    const collapsed = toFlow(docOf(graph, ['g0']), inferShapes(graph), { ...emptySelection, groupIds: ['g0'] }, {});
    expect(collapsed.nodes.map((n) => n.id)).toEqual(['block:g0', 'n0', 'n5', 'n6', 'n7']);
    expect(collapsed.nodes[0].selected).toBe(true);
    expect(collapsed.edges.map((e) => `${e.source}->${e.target} ${e.label}`)).toEqual([
      'n0->block:g0 (None, 28, 28, 1)',
      'block:g0->n5 (None, 7, 7, 32)',
      'n5->n6 (None, 1568)',
      'n6->n7 (None, 64)',
    ]);
    const expanded = toFlow(docOf(graph), inferShapes(graph), emptySelection, { n1: { width: 240, height: 100 } });
    const frame = expanded.nodes.find((n) => n.id === 'frame:g0');
    expect(frame?.zIndex).toBe(-1);
    expect(frame?.selectable).toBe(false);
    expect(expanded.nodes.filter((n) => n.type === 'layer')).toHaveLength(8);
    expect(expanded.nodes.find((n) => n.id === 'n1')?.measured).toEqual({ width: 240, height: 100 });
  });
});

describe('paramSummary', () => {
  it('shows the identifying parameters, strides only when unusual', async () => {
    const { paramSummary } = await import('../common/format');
    expect(paramSummary('Conv2D', { filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' })).toBe(
      '8 · 5×5 · same · relu',
    );
    expect(paramSummary('Conv2D', { filters: 8, kernelSize: [3, 5], strides: 2 })).toBe('8 · 3×5 · stride 2×2 · valid');
    expect(paramSummary('MaxPooling2D', { poolSize: 2, strides: null })).toBe('2×2 · valid');
    expect(paramSummary('InputLayer', { shape: [28, 28, 1] })).toBe('28×28×1');
    expect(paramSummary('Dropout', { rate: 0.25 })).toBe('0.25');
  });
});
