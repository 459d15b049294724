import { describe, expect, it } from 'vitest';
import type { LayerNode } from './graph';
import { layeredLayout, layoutForPane, NODE_HEIGHT, NODE_WIDTH, ROW_STEP, wrapIntoBands } from './layout';
import { kerasTutorialCnn, smallResNet } from './templates';

const node = (id: string, inputs: string[]): LayerNode => ({
  id,
  name: id,
  className: inputs.length ? 'Dense' : 'InputLayer',
  params: {},
  inputs,
});

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

  it('gives every node a row by its longest path from the inputs (unmeasured rows are ROW_STEP apart)', () => {
    const g = smallResNet();
    const pos = layeredLayout(g);
    const byName = (name: string) => pos[g.nodes.find((n) => n.name === name)?.id as string];
    expect(Object.keys(pos).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    expect(byName('input_layer')).toEqual({ x: 0, y: 0 });
    expect(byName('conv2d').y).toBe(ROW_STEP);
    // add's inputs are conv2d (row 1) and conv2d_2 (row 3): it sits in row 4.
    expect(byName('add').y).toBe(4 * ROW_STEP);
  });

  it('puts parallel branches side by side in one row', () => {
    const pos = layeredLayout({
      name: 'fork',
      nodes: [node('in', []), node('a', ['in']), node('b', ['in']), node('sum', ['a', 'b'])],
    });
    expect(pos.a.y).toBe(pos.b.y);
    expect(Math.abs(pos.a.x - pos.b.x)).toBeGreaterThanOrEqual(NODE_WIDTH);
    expect(pos.sum.x).toBe((pos.a.x + pos.b.x) / 2);
  });

  it('puts the nodes of a cycle, and the nodes it feeds, in a last row below the rest', () => {
    const pos = layeredLayout({
      name: 'c',
      nodes: [node('a', []), node('b', ['c']), node('c', ['b']), node('d', ['c']), node('e', ['a']), node('f', ['e'])],
    });
    const lastY = 3 * ROW_STEP;
    expect([pos.b.y, pos.c.y, pos.d.y]).toEqual([lastY, lastY, lastY]);
    expect([pos.a.y, pos.e.y, pos.f.y]).toEqual([0, ROW_STEP, 2 * ROW_STEP]);
    expect(new Set([pos.b.x, pos.c.x, pos.d.x]).size).toBe(3);
  });

  it('ignores a node wired to itself and inputs that name no node', () => {
    const pos = layeredLayout({ name: 's', nodes: [node('a', ['ghost']), node('b', ['a', 'b'])] });
    expect(pos).toEqual({ a: { x: 0, y: 0 }, b: { x: 0, y: ROW_STEP } });
  });
});

const boxesOverlap = (pos: Record<string, { x: number; y: number }>) => {
  const ids = Object.keys(pos);
  const hits: string[] = [];
  ids.forEach((a, i) => {
    for (const b of ids.slice(i + 1)) {
      const dx = Math.abs(pos[a].x - pos[b].x);
      const dy = Math.abs(pos[a].y - pos[b].y);
      if (dx < NODE_WIDTH && dy < NODE_HEIGHT) hits.push(`${a} / ${b}`);
    }
  });
  return hits;
};

describe('layoutForPane and wrapIntoBands', () => {
  const chain = (n: number) => ({
    name: 'chain',
    nodes: Array.from({ length: n }, (_, i) => node(`n${i}`, i ? [`n${i - 1}`] : [])),
  });

  it('wraps a long chain into side-by-side bands on a wide pane, in reading order, nothing overlapping', () => {
    const g = chain(12);
    const pos = layoutForPane(g, { width: 1600, height: 700 });
    const xs = [...new Set(g.nodes.map((n) => pos[n.id].x))];
    expect(xs.length).toBeGreaterThan(1);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(boxesOverlap(pos)).toEqual([]);
    // Every band starts at the top; within a band the chain runs downwards.
    expect(Math.min(...g.nodes.map((n) => pos[n.id].y))).toBe(0);
    for (const n of g.nodes.slice(1)) {
      const prev = pos[n.inputs[0]];
      expect(pos[n.id].y > prev.y || pos[n.id].x > prev.x).toBe(true);
    }
  });

  it('keeps one column on a tall pane, and a short chain unwrapped', () => {
    expect(new Set(Object.values(layoutForPane(chain(12), { width: 300, height: 2000 })).map((p) => p.x)).size).toBe(1);
    expect(new Set(Object.values(layoutForPane(chain(3), { width: 1600, height: 700 })).map((p) => p.x)).size).toBe(1);
  });

  it('keeps a block in one band: a cut never falls between its rows', () => {
    const single = layeredLayout(chain(8));
    // Two bands of four would cut between n3 and n4; with n3..n4 kept together the cut moves below n4.
    const free = wrapIntoBands(single, 2);
    expect(free.n3.x).not.toBe(free.n4.x);
    const kept = wrapIntoBands(single, 2, [['n3', 'n4']]);
    expect(kept.n3.x).toBe(kept.n4.x);
    expect(kept.n4.y).toBeGreaterThan(kept.n3.y);
    expect(kept.n5.x).toBeGreaterThan(kept.n4.x);
    expect(kept.n5.y).toBe(0);
    expect(boxesOverlap(kept)).toEqual([]);
    // A block as long as the chain leaves one band.
    expect(new Set(Object.values(wrapIntoBands(single, 3, [['n0', 'n7']])).map((p) => p.x)).size).toBe(1);
  });

  it('wraps a branching model without overlaps', () => {
    const g = smallResNet();
    for (let bands = 1; bands <= 5; bands++) expect(boxesOverlap(wrapIntoBands(layeredLayout(g), bands))).toEqual([]);
    expect(boxesOverlap(layoutForPane(g, { width: 1600, height: 600 }))).toEqual([]);
  });
});
