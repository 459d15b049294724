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
