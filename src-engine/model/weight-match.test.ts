import { describe, expect, it } from 'vitest';
import { inferShapes } from './inference';
import { encodeWeights, type WeightMap } from './project-file';
import { kerasTutorialCnn } from './templates';
import { layerNamesText, matchWeights } from './weight-match';
import { compileModel } from './executor';
import { initialWeights } from '../train/weights';
import { createRng } from '../core/rng';

const graph = kerasTutorialCnn();
const trained = () => encodeWeights(initialWeights(compileModel(graph), createRng(1)));
const withUnits = (id: string, units: number) => ({
  ...graph,
  nodes: graph.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, units } } : n)),
});

describe('matchWeights', () => {
  it('keeps every layer of the model the weights were trained on', () => {
    const m = matchWeights(inferShapes(graph), trained());
    expect(m).toEqual({ weights: trained(), untrained: [], lost: [] });
  });

  it("drops the layers whose weight shapes a Dense's new units change, and keeps the rest", () => {
    const edited = withUnits('n6', 32);
    const m = matchWeights(inferShapes(edited), trained());
    expect(m.lost).toEqual(['n6', 'n7']);
    expect(m.untrained).toEqual(['n6', 'n7']);
    expect(Object.keys(m.weights ?? {})).toEqual(['n1', 'n3']);
    expect(layerNamesText(edited, m.untrained)).toBe('dense and dense_1');
  });

  it('keeps the weights of a layer whose shapes cannot be inferred (the model is invalid for now)', () => {
    const m = matchWeights(inferShapes(withUnits('n6', -3)), trained());
    expect(Object.keys(m.weights ?? {})).toEqual(['n1', 'n3', 'n6', 'n7']);
  });

  it('drops a removed layer, and answers null when nothing fits', () => {
    const stored = trained();
    const m = matchWeights(inferShapes({ ...graph, nodes: graph.nodes.slice(0, 2) }), { n9: stored.n1 });
    expect(m).toEqual({ weights: null, untrained: ['n1'], lost: ['n9'] });
  });
});

describe('initialWeights', () => {
  it('refuses a stored weight of the wrong shape with a WeightShapeError naming the layer', () => {
    const stored: WeightMap = initialWeights(compileModel(graph), createRng(1));
    expect(() => initialWeights(compileModel(withUnits('n6', 32)), createRng(1), stored)).toThrow(
      expect.objectContaining({ name: 'WeightShapeError', layer: 'dense', weight: 'kernel' }),
    );
  });
});
