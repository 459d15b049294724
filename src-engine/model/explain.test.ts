import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { sizeOf } from '../core/tensor';
import { explainNode, poolAt, productSumAt, windowAt } from './explain';
import { forwardAll } from './explain.test-support';
import { sequential } from './graph';
import { inferShapes } from './inference';
import { kerasTutorialCnn } from './templates';

const rng = createRng(17);
const pick = <T>(xs: readonly T[]): T => xs[rng.integer(0, xs.length)];

describe('explainNode', () => {
  it("writes the tutorial CNN's second Conv2D with its real numbers", () => {
    const graph = kerasTutorialCnn();
    const inference = inferShapes(graph);
    const conv = graph.nodes.filter((n) => n.className === 'Conv2D')[1];
    const m = explainNode(inference, conv.id)!;
    expect(m.input).toEqual([14, 14, 8]);
    expect(m.axes[0].formula).toBe('⌈14/1⌉ = 14');
    expect(m.axes[0].paddingFormula).toBe('(14 − 1)·1 + 5 − 14 = 4');
    expect(m.filterBank?.formula).toBe('5·5·8·32 + 32 = 6,432');
    expect(m.filterBank?.count).toBe(inference.nodes.get(conv.id)!.trainableParams);
  });

  it("puts 'same' padding's odd row after the input and writes a too-large kernel's arithmetic", () => {
    const graph = sequential('m', [
      { className: 'InputLayer', params: { shape: [6, 7, 1] } },
      { className: 'Conv2D', params: { filters: 1, kernelSize: [4, 8], strides: [2, 1], padding: 'same' } },
      { className: 'Conv2D', params: { filters: 1, kernelSize: 9 } },
    ]);
    const inference = inferShapes(graph);
    const same = explainNode(inference, 'n1')!;
    expect([same.axes[0].padBefore, same.axes[0].padAfter]).toEqual([1, 1]);
    expect([same.axes[1].padBefore, same.axes[1].padAfter]).toEqual([3, 4]);
    const big = explainNode(inference, 'n2')!;
    expect(big.axes[0].formula).toBe('⌊(3 − 9)/1⌋ + 1 = −5');
    expect(big.axes[0].output).toBeLessThan(1);
  });

  it('agrees with shape inference and the forward pass on random Conv2D and pooling layers', () => {
    for (let trial = 0; trial < 40; trial++) {
      const h = rng.integer(3, 12);
      const w = rng.integer(3, 12);
      const c = rng.integer(1, 4);
      const className = pick(['Conv2D', 'Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'ZeroPadding2D']);
      const padding = pick(['valid', 'same']);
      const k = [rng.integer(1, Math.min(h, 5) + 1), rng.integer(1, Math.min(w, 5) + 1)];
      const s = [rng.integer(1, 4), rng.integer(1, 4)];
      const params =
        className === 'Conv2D'
          ? { filters: rng.integer(1, 4), kernelSize: k, strides: s, padding, useBias: rng.uniform() < 0.7 }
          : className === 'ZeroPadding2D'
            ? {
                padding: [
                  [rng.integer(0, 3), rng.integer(0, 3)],
                  [rng.integer(0, 3), rng.integer(0, 3)],
                ],
              }
            : { poolSize: k, strides: pick([null, s]), padding };
      const graph = sequential('m', [
        { className: 'InputLayer', params: { shape: [h, w, c] } },
        { className, params },
      ]);
      const inference = inferShapes(graph);
      const info = inference.nodes.get('n1')!;
      const m = explainNode(inference, 'n1')!;
      const label = JSON.stringify({ h, w, c, className, params });
      expect([m.axes[0].output, m.axes[1].output, m.channelsOut], label).toEqual(info.outputShape);
      expect(m.axes[0].padBefore + m.axes[0].input + m.axes[0].padAfter, label).toBeGreaterThanOrEqual(
        (m.axes[0].output - 1) * m.axes[0].stride + m.axes[0].window,
      );
      if (m.filterBank) expect(m.filterBank.count, label).toBe(info.trainableParams);

      const image = Float32Array.from({ length: h * w * c }, () => rng.normal());
      const { outputs, weights } = forwardAll(graph, null, image, rng);
      const y = outputs.get('n1')!;
      expect(y.values.length).toBe(sizeOf(info.outputShape!));
      const [oh, ow, oc] = info.outputShape!;
      for (let probe = 0; probe < 6; probe++) {
        const oy = rng.integer(0, oh);
        const ox = rng.integer(0, ow);
        const ch = rng.integer(0, oc);
        const expected = y.values[(oy * ow + ox) * oc + ch];
        if (m.kind === 'conv') {
          const kernel = weights.get('n1')!.get('kernel')!.values;
          const bias = weights.get('n1')!.get('bias')?.values ?? null;
          const sum = productSumAt(m, image, kernel, bias, oy, ox, ch);
          expect(sum.preActivation, label).toBeCloseTo(expected, 4);
          expect(sum.terms.length % c).toBe(0);
        } else if (m.kind === 'zero-padding') {
          const { rows, cols } = windowAt(m, oy, ox);
          const inside = rows[0] >= 0 && rows[0] < h && cols[0] >= 0 && cols[0] < w;
          expect(expected, label).toBe(inside ? image[(rows[0] * w + cols[0]) * c + ch] : 0);
        } else {
          expect(poolAt(m, image, oy, ox, ch).value, label).toBeCloseTo(expected, 5);
        }
      }
    }
  });

  it('has nothing to explain for a Dense layer', () => {
    const graph = sequential('m', [
      { className: 'InputLayer', params: { shape: [4] } },
      { className: 'Dense', params: { units: 2 } },
    ]);
    expect(explainNode(inferShapes(graph), 'n1')).toBeNull();
  });
});
