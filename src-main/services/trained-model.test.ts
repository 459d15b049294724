// model:predict and model:evaluate answer a project whose weights hold NaN or infinite values with an IpcError
// naming the layer, instead of NaN probabilities or every image in class 0.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHost, type TestHost } from '../ipc/test-services';
import { digitDataset, poisonedCnn, writeDigitFolder } from '../testing/ml-fixtures';

let h: TestHost;
let digits: string;
beforeAll(async () => {
  h = await createTestHost();
  digits = await writeDigitFolder(join(h.dataDir, 'digits'), [0, 1], 2);
});
afterAll(() => h.dispose());

const refusal = (layer: string, counts: string) => ({
  code: 'invalid-model',
  message: `Layer ${layer} holds ${counts}: the model diverged when it was trained.`,
  hint: 'Train it again, or load an earlier save.',
});

describe('loadTrainedModel', () => {
  it('model:predict refuses NaN weights with the layer and the weight', async () => {
    const project = poisonedCnn(2, 'conv2d', 'kernel', [NaN, NaN]);
    const image = { kind: 'file', path: join(digits, 'digit-0', '000.png') };
    await expect(h.call('model:predict', { project, image })).rejects.toMatchObject(
      refusal("conv2d's kernel", '2 NaN values'),
    );
  });

  it('model:evaluate refuses infinite weights with the layer and the weight', async () => {
    const project = { ...poisonedCnn(2, 'dense', 'kernel', [Infinity, 1, -Infinity]), dataset: digitDataset(digits) };
    await expect(
      h.call('model:evaluate', { project, dataset: digitDataset(digits), subset: 'all' }),
    ).rejects.toMatchObject(refusal("dense's kernel", '2 infinite values'));
  });
});

// After an edit the editor sends only the weights that still fit; a file edited by hand may hold some that do not.
describe('loadTrainedModel after the model was edited', () => {
  it('model:evaluate runs a model with one layer untrained (initialised as at Start)', async () => {
    const trained = poisonedCnn(2, 'dense', 'bias', [0, 0]);
    const { n1: _conv, ...rest } = trained.weights!;
    const project = { ...trained, weights: rest, dataset: digitDataset(digits) };
    const result = (await h.call('model:evaluate', { project, dataset: digitDataset(digits), subset: 'all' })) as {
      samples: number;
      confusion: number[][];
    };
    expect(result.samples).toBe(4);
    expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('model:evaluate refuses weights whose shapes no longer fit, naming the layer, not as a bug', async () => {
    const trained = poisonedCnn(2, 'dense', 'bias', [0, 0]);
    const graph = {
      ...trained.graph,
      nodes: trained.graph.nodes.map((n) => (n.id === 'n1' ? { ...n, params: { ...n.params, filters: 6 } } : n)),
    };
    const project = { ...trained, graph, dataset: digitDataset(digits) };
    await expect(
      h.call('model:evaluate', { project, dataset: digitDataset(digits), subset: 'all' }),
    ).rejects.toMatchObject({
      code: 'invalid-model',
      message:
        "Layer conv2d's trained kernel has shape [3, 3, 1, 4] but the layer now needs [3, 3, 1, 6]: " +
        'the model changed after it was trained.',
    });
  });
});
