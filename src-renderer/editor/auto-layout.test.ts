import { describe, expect, it } from 'vitest';
import { kerasTutorialCnn, smallResNet } from '../../src-engine/model/templates';
import { layeredLayout, NODE_HEIGHT, NODE_WIDTH } from './auto-layout';

describe('layeredLayout', () => {
  it('puts a chain in one column, top to bottom, using measured heights', () => {
    const g = kerasTutorialCnn();
    const pos = layeredLayout(g, { n1: 200 });
    const ys = g.nodes.map((n) => pos[n.id].y);
    expect(new Set(g.nodes.map((n) => pos[n.id].x))).toEqual(new Set([0]));
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(pos.n2.y - pos.n1.y).toBeGreaterThan(200);
    expect(pos.n1.y - pos.n0.y).toBeGreaterThanOrEqual(NODE_HEIGHT);
  });

  it('places every node of a DAG below all of its inputs, no two at one spot', () => {
    const g = smallResNet();
    const pos = layeredLayout(g);
    for (const n of g.nodes) for (const i of n.inputs) expect(pos[n.id].y).toBeGreaterThan(pos[i].y);
    const seen = new Set(g.nodes.map((n) => `${pos[n.id].x},${pos[n.id].y}`));
    expect(seen.size).toBe(g.nodes.length);
  });

  it('moves the layers a skip connection bypasses aside, so the skip wire is not hidden behind them', () => {
    const g = smallResNet();
    const pos = layeredLayout(g);
    const byName = (name: string) => pos[g.nodes.find((n) => n.name === name)?.id as string];
    // The skip wire runs from conv2d's centre straight down to add's; the bypassed convolutions must not cover it.
    const wireX = byName('conv2d').x + NODE_WIDTH / 2;
    expect(byName('add').x).toBe(byName('conv2d').x);
    for (const name of ['conv2d_1', 'conv2d_2']) {
      const x = byName(name).x;
      expect(wireX < x || wireX > x + NODE_WIDTH).toBe(true);
    }
  });

  it('survives a cycle', () => {
    const pos = layeredLayout({
      name: 'loop',
      nodes: [
        { id: 'a', name: 'a', className: 'Dense', params: {}, inputs: ['b'] },
        { id: 'b', name: 'b', className: 'Dense', params: {}, inputs: ['a'] },
      ],
    });
    expect(Object.keys(pos).sort()).toEqual(['a', 'b']);
  });
});
