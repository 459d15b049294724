import { beforeAll, describe, expect, it } from 'vitest';
import { useTfCpu } from '../kernels/test-utils';
import { compileModel } from '../model/executor';
import { sequential } from '../model/graph';
import { kerasTutorialCnn, smallResNet } from '../model/templates';
import { tfjsModelFrom } from './tfjs-subject';

beforeAll(useTfCpu);

const paramCount = (model: ReturnType<typeof compileModel>) =>
  model.layers.flatMap((l) => l.weights).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);

describe('the TF.js benchmark subject', () => {
  it('builds any exported model in TF.js layers: same parameter count and output shape', async () => {
    const withOtherLayers = sequential('m', [
      { className: 'InputLayer', params: { shape: [16, 16, 3] } },
      { className: 'Rescaling', params: { scale: 1 / 255 } },
      { className: 'Conv2D', params: { filters: 4, kernelSize: 3, padding: 'same' } },
      { className: 'BatchNormalization', params: {} },
      { className: 'AveragePooling2D', params: { poolSize: 2 } },
      { className: 'Dropout', params: { rate: 0.25 } },
      { className: 'GlobalAveragePooling2D', params: {} },
      { className: 'Dense', params: { units: 5, activation: 'softmax' } },
    ]);
    for (const graph of [kerasTutorialCnn(), smallResNet(), withOtherLayers]) {
      const model = compileModel(graph);
      const net = await tfjsModelFrom(model);
      expect(net.countParams(), graph.name).toBe(paramCount(model));
      expect(net.outputs[0].shape, graph.name).toEqual([null, ...model.outputShape]);
      net.dispose();
    }
  });
});
