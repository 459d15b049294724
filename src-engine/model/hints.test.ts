import { describe, expect, it } from 'vitest';
import { sequential } from './graph';
import { inferShapes } from './inference';
import { kerasTutorialCnn, smallResNet } from './templates';
import { designHints } from './hints';

const hintsOf = (graph: ReturnType<typeof sequential>, batch = 32) => designHints(graph, inferShapes(graph), batch);

describe('designHints', () => {
  it('gives receptive fields by the stride recursion (hand-computed for the Keras tutorial CNN)', () => {
    const rf = hintsOf(kerasTutorialCnn()).filter((h) => h.kind === 'receptive-field');
    // conv 5×5: r = 1 + 4·1 = 5; pool 2/2: r = 5 + 1·1 = 6, j = 2; conv 5×5: r = 6 + 4·2 = 14.
    expect(rf.map((h) => h.message)).toEqual([
      'conv2d sees 5×5 input pixels of 28×28',
      'conv2d_1 sees 14×14 input pixels of 28×28',
    ]);
    expect(rf[1].detail).toBe('r = r_in + (k − 1)·j_in = 6 + (5 − 1)·2 = 14; jump j = 2·1 = 2');
  });

  it('says when the receptive field covers the whole image, with strides and explicit pool strides', () => {
    const g = sequential('m', [
      { className: 'InputLayer', params: { shape: [8, 8, 1] } },
      { className: 'Conv2D', params: { filters: 4, kernelSize: 3, strides: 2, padding: 'same' } },
      { className: 'MaxPooling2D', params: { poolSize: 3, strides: 1, padding: 'same' } },
      { className: 'Conv2D', params: { filters: 4, kernelSize: 3 } },
    ]);
    // conv: r = 3, j = 2; pool 3/1: r = 3 + 2·2 = 7, j = 2; conv: r = 7 + 2·2 = 11 ≥ 8.
    const rf = hintsOf(g).filter((h) => h.kind === 'receptive-field');
    expect(rf.map((h) => h.message)).toEqual([
      'conv2d sees 3×3 input pixels of 8×8',
      'conv2d_1 sees 11×11 input pixels of 8×8 (the whole image)',
    ]);
  });

  it('follows the deeper branch through a merge (small ResNet)', () => {
    const rf = hintsOf(smallResNet())
      .filter((h) => h.kind === 'receptive-field')
      .map((h) => h.message);
    // stem 3; block 1: 5, 7; pool → 8, j 2; block 2: 12, 16.
    expect(rf).toEqual([
      'conv2d sees 3×3 input pixels of 28×28',
      'conv2d_1 sees 5×5 input pixels of 28×28',
      'conv2d_2 sees 7×7 input pixels of 28×28',
      'conv2d_3 sees 12×12 input pixels of 28×28',
      'conv2d_4 sees 16×16 input pixels of 28×28',
    ]);
  });

  it('flags a Dense layer holding more than half of the parameters', () => {
    const dense = hintsOf(kerasTutorialCnn()).filter((h) => h.kind === 'dense-dominates');
    expect(dense).toHaveLength(1);
    expect(dense[0].message).toBe('dense holds 100,416 of the 107,706 parameters (93.2 %)');
    expect(hintsOf(smallResNet()).some((h) => h.kind === 'dense-dominates')).toBe(false);
  });

  it('flags feature maps collapsing to 1×1 where it happens', () => {
    const g = sequential('m', [
      { className: 'InputLayer', params: { shape: [4, 4, 1] } },
      { className: 'Conv2D', params: { filters: 2, kernelSize: 3 } },
      { className: 'MaxPooling2D', params: { poolSize: 2 } },
      { className: 'Conv2D', params: { filters: 2, kernelSize: 1 } },
    ]);
    const collapsed = hintsOf(g).filter((h) => h.kind === 'collapsed-feature-map');
    expect(collapsed.map((h) => h.message)).toEqual([
      'max_pooling2d reduces the feature maps to 1×1 (from 2×2): the layers after it see no spatial layout',
    ]);
    expect(hintsOf(kerasTutorialCnn()).some((h) => h.kind === 'collapsed-feature-map')).toBe(false);
  });

  it('estimates one batch of activation memory and states the formula', () => {
    // Outputs per sample: 784 + 6272 + 1568 + 6272 + 1568 + 1568 + 64 + 10 = 18,106 values.
    const [mem] = hintsOf(kerasTutorialCnn(), 32).filter((h) => h.kind === 'activation-memory');
    expect(mem.detail).toBe(
      'Σ layer outputs (input included) 18,106 values per sample × 4 ' +
        'bytes × batch 32 × 2 (activation + gradient) = 4,635,136 bytes',
    );
    expect(mem.message).toBe('One training batch of 32 needs about 4.42 MB for activations and their gradients');
    expect(hintsOf({ name: 'empty', nodes: [] })).toEqual([]);
  });
});
