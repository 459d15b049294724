import { describe, expect, it } from 'vitest';
import { sequential } from './graph';
import { inferShapes } from './inference';
import { formatSummary, summarize } from './summary';
import { kerasTutorialCnn, leNet5, smallResNet, threeBlockCnn } from './templates';

const params = (g: ReturnType<typeof sequential>) => summarize(g).rows.map((r) => r.params);

describe('Keras tutorial models, row by row', () => {
  it('the tutorial CNN on 28×28×1 has 107,706 parameters', () => {
    const s = summarize(kerasTutorialCnn());
    expect(s.rows.map((r) => r.params)).toEqual([208, 0, 6432, 0, 0, 100416, 650]);
    expect(s.rows.map((r) => r.outputShape)).toEqual([
      [null, 28, 28, 8],
      [null, 14, 14, 8],
      [null, 14, 14, 32],
      [null, 7, 7, 32],
      [null, 1568],
      [null, 64],
      [null, 10],
    ]);
    expect(s.rows.map((r) => r.name)).toEqual([
      'conv2d',
      'max_pooling2d',
      'conv2d_1',
      'max_pooling2d_1',
      'flatten',
      'dense',
      'dense_1',
    ]);
    expect([s.totalParams, s.trainableParams, s.nonTrainableParams]).toEqual([107706, 107706, 0]);
  });

  it(
    'grouping into feature_extractor and classifier gives ' + '6,640 and 101,066 as the nested-Sequential summary does',
    () => {
      const g = kerasTutorialCnn();
      g.groups = [
        { id: 'g1', name: 'feature_extractor', nodeIds: ['n1', 'n2', 'n3', 'n4'] },
        { id: 'g2', name: 'classifier', nodeIds: ['n5', 'n6', 'n7'] },
      ];
      const s = summarize(g);
      expect(s.rows.map((r) => [r.name, r.className, r.params])).toEqual([
        ['feature_extractor', 'Sequential', 6640],
        ['classifier', 'Sequential', 101066],
      ]);
      expect(s.rows[0].outputShape).toEqual([null, 7, 7, 32]);
      expect(s.totalParams).toBe(107706);
    },
  );

  it('the 50×50×3 variant has 50,234 parameters', () => {
    const g = sequential('m', [
      { className: 'InputLayer', params: { shape: [50, 50, 3] } },
      { className: 'Conv2D', params: { filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' } },
      { className: 'MaxPooling2D', params: { poolSize: 2 } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units: 10, activation: 'softmax' } },
    ]);
    expect(params(g)).toEqual([224, 0, 0, 50010]);
    expect(summarize(g).totalParams).toBe(50234);
  });

  it('the three-block CNN has 25,034 parameters', () => {
    const s = summarize(threeBlockCnn());
    expect(s.rows.map((r) => r.params)).toEqual([80, 0, 0, 1168, 0, 0, 4640, 0, 0, 0, 18496, 650]);
    expect(s.rows[9].outputShape).toEqual([null, 288]);
    expect(s.totalParams).toBe(25034);
  });

  it('LeNet-5 and the residual template are valid', () => {
    expect(summarize(leNet5()).totalParams).toBe(156 + 2416 + 48120 + 10164 + 850);
    const res = inferShapes(smallResNet());
    expect(res.diagnostics).toEqual([]);
    expect(summarize(smallResNet()).style).toBe('functional');
  });

  it('prints a Keras-style table', () => {
    const text = formatSummary(summarize(kerasTutorialCnn()));
    expect(text).toContain('│ conv2d (Conv2D)');
    expect(text).toContain('(None, 28, 28, 8)');
    expect(text).toMatch(/│\s+100,416 │/);
    expect(text).toContain('Total params: 107,706 (420.73 KB)');
    expect(text).toContain('Non-trainable params: 0 (0.00 B)');
  });
});

describe('BatchNormalization parameters', () => {
  it('counts gamma/beta as trainable and the moving statistics as non-trainable', () => {
    const g = sequential('bn', [
      { className: 'InputLayer', params: { shape: [8, 8, 3] } },
      { className: 'Conv2D', params: { filters: 4, kernelSize: 3, useBias: false } },
      { className: 'BatchNormalization' },
    ]);
    const s = summarize(g);
    expect(s.rows.map((r) => r.params)).toEqual([108, 16]);
    expect([s.trainableParams, s.nonTrainableParams]).toEqual([116, 8]);
  });
});
