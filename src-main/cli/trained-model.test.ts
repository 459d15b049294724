// predict and evaluate refuse a model whose weights hold NaN or infinite values with one line naming the layer
// and status 2 (they printed "undefined (NaN %)" with status 0, or called every image class 0).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../src-engine/data/testing/fixtures';
import { serializeProjectFile } from '../../src-engine/model/project-file';
import { poisonedCnn, writeDigitFolder } from '../testing/ml-fixtures';
import { runCli } from './index';
import { captureIO } from './test-io';

let dir: string;
let cleanup: () => Promise<void>;
let data: string;
const model = (name: string): string => join(dir, `${name}.json`);

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('fb-cli-nan-'));
  data = await writeDigitFolder(join(dir, 'data'), [0, 1], 2);
  await writeFile(model('nan'), serializeProjectFile(poisonedCnn(2, 'conv2d', 'kernel', [NaN, 0.1, NaN, NaN])));
  await writeFile(model('infinite'), serializeProjectFile(poisonedCnn(2, 'dense', 'bias', [0, -Infinity])));
});
afterAll(() => cleanup());

describe('a trained model with non-finite weights', () => {
  it('predict: status 2, one line naming the layer and the weight, no prediction', async () => {
    const io = captureIO();
    expect(await runCli(['predict', '--model', model('nan'), join(data, 'digit-0', '000.png')], io)).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toBe(
      `${model('nan')}: Layer conv2d's kernel holds 3 NaN values: the model diverged when it was trained. Train ` +
        `it again, or load an earlier save.\n`,
    );
  });

  it('evaluate: status 2, one line naming the layer and the weight', async () => {
    const io = captureIO();
    expect(await runCli(['evaluate', '--model', model('infinite'), '--data', data], io)).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toBe(
      `${model('infinite')}: Layer dense's bias holds 1 infinite value: the model diverged when it was trained. ` +
        `Train it again, or load an earlier save.\n`,
    );
  });
});
