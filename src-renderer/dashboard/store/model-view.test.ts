import { describe, expect, it } from 'vitest';
import { leNet5 } from '../../../src-engine/model/templates';
import { formatLearningRate, modelView } from './model-view';

describe('model view', () => {
  it('finds the image input and the conv and pool layers (average pooling too)', () => {
    const view = modelView(leNet5());
    expect(view.input).toEqual({ height: 28, width: 28, channels: 1 });
    expect(view.featureLayers.map((l) => l.className)).toEqual([
      'Conv2D',
      'AveragePooling2D',
      'Conv2D',
      'AveragePooling2D',
    ]);
  });

  it('says why an input is not an image', () => {
    const graph = {
      name: 'm',
      nodes: [{ id: 'i', name: 'input_layer', className: 'InputLayer', params: { shape: [28, 28, 2] }, inputs: [] }],
    };
    expect(modelView(graph).input).toEqual({ problem: expect.stringMatching(/\(28, 28, 2\), not an image/) });
  });

  it('formats learning rates as people type them', () => {
    expect(formatLearningRate(0.001)).toBe('0.001');
    expect(formatLearningRate(0.00001)).toBe('1e-5');
    expect(formatLearningRate(0.0003)).toBe('0.0003');
  });
});
