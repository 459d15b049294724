import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { forwardAll } from './explain.test-support';
import { sequential } from './graph';
import { inferShapes } from './inference';
import { fieldBoxAt, receptiveFields, receptiveFieldText, regionAt } from './receptive-field';
import { kerasTutorialCnn } from './templates';

const rng = createRng(5);
const pick = <T>(xs: readonly T[]): T => xs[rng.integer(0, xs.length)];

function randomLayer(): { className: string; params: Record<string, unknown> } {
  const padding = pick(['valid', 'same']);
  const k = [rng.integer(1, 4), rng.integer(1, 4)];
  const s = [rng.integer(1, 3), rng.integer(1, 3)];
  switch (pick(['conv', 'conv', 'max', 'avg', 'pad'])) {
    case 'conv':
      return { className: 'Conv2D', params: { filters: 2, kernelSize: k, strides: s, padding } };
    case 'max':
      return { className: 'MaxPooling2D', params: { poolSize: k, strides: s, padding } };
    case 'avg':
      return { className: 'AveragePooling2D', params: { poolSize: k, strides: pick([null, s]), padding } };
    default:
      return {
        className: 'ZeroPadding2D',
        params: {
          padding: [
            [rng.integer(0, 3), 1],
            [0, rng.integer(0, 3)],
          ],
        },
      };
  }
}

describe('receptiveFields', () => {
  it('states what the tutorial CNN sees', () => {
    const graph = kerasTutorialCnn();
    const fields = receptiveFields(inferShapes(graph));
    const conv2 = graph.nodes.filter((n) => n.className === 'Conv2D')[1];
    // 5×5 'same', 2×2 pool, 5×5 'same': 5 + 1·1 + 4·2 = 14 pixels, 2 apart, starting 2 + 2·2 = 6 above the image.
    expect(fields.get(conv2.id)).toEqual({ size: [14, 14], jump: [2, 2], start: [-6, -6] });
    expect(receptiveFieldText(fields.get(conv2.id)!)).toBe('sees 14×14 px, steps 2 px');
  });

  it('outlines exactly the input pixels that change an output, found by perturbing each pixel', () => {
    let checked = 0;
    for (let trial = 0; trial < 16; trial++) {
      const h = rng.integer(8, 14);
      const w = rng.integer(8, 14);
      const layers: { className: string; params: Record<string, unknown> }[] = [
        { className: 'InputLayer', params: { shape: [h, w, 1] } },
      ];
      for (let i = rng.integer(1, 4); i > 0; i--) layers.push(randomLayer());
      const graph = sequential('m', layers);
      const inference = inferShapes(graph);
      if (!inference.valid) continue;
      checked++;
      const last = graph.nodes[graph.nodes.length - 1].id;
      const [oh, ow, oc] = inference.nodes.get(last)!.outputShape!;
      const field = receptiveFields(inference).get(last)!;
      const base = Float32Array.from({ length: h * w }, () => rng.normal());
      const ref = forwardAll(graph, null, base, rng);
      const y0 = ref.outputs.get(last)!.values;
      const oy = rng.integer(0, oh);
      const ox = rng.integer(0, ow);
      let seen = { top: h, left: w, bottom: -1, right: -1 };
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          for (const delta of [1e3, -1e3]) {
            const image = base.slice();
            image[y * w + x] += delta;
            const y1 = forwardAll(graph, ref.weights, image, rng).outputs.get(last)!.values;
            let changed = false;
            for (let ch = 0; ch < oc; ch++) changed ||= y1[(oy * ow + ox) * oc + ch] !== y0[(oy * ow + ox) * oc + ch];
            if (changed)
              seen = {
                top: Math.min(seen.top, y),
                left: Math.min(seen.left, x),
                bottom: Math.max(seen.bottom, y),
                right: Math.max(seen.right, x),
              };
          }
      const full = fieldBoxAt(field, oy, ox);
      const label = JSON.stringify({ layers: layers.slice(1), oy, ox });
      // The closed form's box holds what the cell sees; a cell over padding only sees no pixel at all.
      if (seen.bottom >= 0)
        expect(full.top <= seen.top && full.bottom >= seen.bottom && full.left <= seen.left).toBe(true);
      expect(regionAt(inference, last, oy, ox), label).toEqual(seen.bottom < 0 ? null : seen);
    }
    expect(checked).toBeGreaterThan(8);
  });
});
