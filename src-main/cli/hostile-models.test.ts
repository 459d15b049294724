// Models and files that crashed the CLI with exit 1 (a RangeError, a zod dump, a stack overflow): each must be one
// line on stderr and exit 2, saying what is wrong and what to change.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeImage, makeTempDir, mnistDigits, writeTree } from '../../src-engine/data/testing/fixtures';
import { sequential } from '../../src-engine/model/graph';
import { newProject, serializeProjectFile } from '../../src-engine/model/project-file';
import { runCli } from './index';
import { captureIO } from './test-io';

let dir: string;
let cleanup: () => Promise<void>;
const data = () => join(dir, 'data');

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('fb-cli-hostile-'));
  const digits = mnistDigits(4);
  const files: Record<string, Uint8Array> = {};
  for (const d of [0, 1])
    for (const [i, img] of digits[d].entries()) files[`d${d}/${i}.png`] = await encodeImage(img, 'png');
  await writeTree(data(), files);
});
afterAll(() => cleanup());

function writeModel(name: string, layers: Parameters<typeof sequential>[1]): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, serializeProjectFile(newProject(sequential(name, layers))));
  return path;
}

/** A chain of `count` Dense layers after an InputLayer, written without the quadratic naming of `sequential`. */
function writeChain(name: string, count: number): string {
  const parts = ['{"id":"n0","name":"input_layer","className":"InputLayer","params":{"shape":[4]},"inputs":[]}'];
  for (let i = 1; i <= count; i++)
    parts.push(`{"id":"n${i}","name":"dense_${i}","className":"Dense","params":{"units":4},"inputs":["n${i - 1}"]}`);
  const path = join(dir, `${name}.json`);
  writeFileSync(
    path,
    `{"format":"filterbank-project","version":1,"graph":{"name":"${name}","nodes":[${parts.join(',')}]}}`,
  );
  return path;
}

/** Runs the CLI in-process; expects exit 2 and exactly one line on stderr, and returns that line. */
async function refused(argv: string[]): Promise<string> {
  const io = captureIO();
  const code = await runCli(argv, io);
  expect(code, `${argv.join(' ')}: ${io.stderr}`).toBe(2);
  const lines = io.stderr.trim().split('\n');
  expect(lines, argv.join(' ')).toHaveLength(1);
  expect(io.stderr).not.toMatch(/\n\s+at |RangeError|Maximum call stack|Invalid (typed array|string) length|"code":/);
  return lines[0];
}

describe('cli: hostile models and files', () => {
  it('refuses a layer whose weights cannot be allocated, naming the layer, its parameters and the limit', async () => {
    const model = writeModel('huge_dense', [
      { className: 'InputLayer', params: { shape: [28, 28, 1] } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units: 16_777_216 } },
      { className: 'Dense', params: { units: 2, activation: 'softmax' } },
    ]);
    for (const argv of [
      ['summary', model],
      ['train', '--model', model, '--data', data(), '--epochs', '1'],
    ]) {
      const line = await refused(argv);
      expect(line).toMatch(/dense: .*13,170,114,560 parameters.*268,435,456/);
      expect(line).not.toMatch(/layer dense: dense:/); // the layer is named once
    }
  });

  it(
    'refuses to train a model whose trained weights a ' + 'project file could not hold, before reading the data',
    async () => {
      const model = writeModel('unsaveable', [
        { className: 'InputLayer', params: { shape: [100, 100, 1] } },
        { className: 'Flatten' },
        { className: 'Dense', params: { units: 10_000 } },
        { className: 'Dense', params: { units: 2, activation: 'softmax' } },
      ]);
      const line = await refused([
        'train',
        '--model',
        model,
        '--data',
        data(),
        '--epochs',
        '1',
        '--out',
        join(dir, 'never'),
      ]);
      expect(line).toMatch(/^train: the model has 100,030,002 parameters but a project file holds at most 97,517,563 /);
    },
  );

  it('refuses an input too large to hold, naming the layer and the limit', async () => {
    const model = writeModel('huge_input', [
      { className: 'InputLayer', params: { shape: [100_000, 100_000, 3] } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units: 2, activation: 'softmax' } },
    ]);
    for (const argv of [
      ['summary', model],
      ['train', '--model', model, '--data', data(), '--epochs', '1'],
    ]) {
      expect(await refused(argv)).toMatch(/input_layer: .*30,000,000,000 values.*536,870,912/);
    }
  });

  it('refuses an image input above the preprocessing limit, naming the field and the allowed range', async () => {
    const model = writeModel('tall_input', [
      { className: 'InputLayer', params: { shape: [5000, 8, 1] } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units: 2, activation: 'softmax' } },
    ]);
    expect(await refused(['train', '--model', model, '--data', data(), '--epochs', '1'])).toMatch(
      /height .*5000.* 1 to 4096/,
    );
    expect(await refused(['dataset', data(), '--model', model])).toMatch(/height .*5000.* 1 to 4096/);
    expect(await refused(['dataset', data(), '--size', '100000x100000x3'])).toMatch(/height .*100000.* 1 to 4096/);
  });

  it('answers a million-layer model within seconds and runs a 5,000-layer chain', async () => {
    const million = writeChain('million', 1_000_000);
    const started = performance.now();
    expect(await refused(['summary', million])).toMatch(/1,000,001 layers.*at most 10,000/);
    expect((performance.now() - started) / 1000).toBeLessThan(15);

    const io = captureIO();
    expect(await runCli(['summary', '--json', writeChain('chain', 5000)], io), io.stderr).toBe(0);
    expect(JSON.parse(io.stdout[0]).layers).toHaveLength(5000);
  }, 60_000);

  it('refuses a Keras model nested deeper than the layer limit without overflowing the stack', async () => {
    let config = '{"class_name":"Dense","config":{"name":"d","units":2}}';
    for (let i = 0; i < 20_000; i++)
      config = `{"class_name":"Sequential","config":{"name":"s${i}","layers":[${config}]}}`;
    const path = join(dir, 'nested.json');
    writeFileSync(path, config);
    expect(await refused(['summary', path])).toMatch(/layers.*at most 10,000/);
  });

  it('refuses devices, FIFOs and oversized files before reading them', async () => {
    const fifo = join(dir, 'model.fifo');
    execFileSync('mkfifo', [fifo]);
    const big = join(dir, 'big.json');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 600 * 1024 * 1024); // sparse: no disk used
    closeSync(fd);
    expect(await refused(['summary', '/dev/zero'])).toMatch(/\/dev\/zero is a device, not a regular file/);
    expect(await refused(['summary', fifo])).toMatch(/FIFO/);
    expect(await refused(['train', '--model', '/dev/zero', '--data', data()])).toMatch(/device/);
    expect(await refused(['summary', big])).toMatch(/600 MiB, above the 512 MiB limit/);
  });

  it('never quotes a file that is not JSON, in any command that reads a model', async () => {
    const secret = join(dir, 'shadow');
    writeFileSync(secret, 'root:SECRET-HASH-1234:19000:0:99999:7:::\n');
    for (const argv of [
      ['summary', secret],
      ['export', '--model', secret, '--format', 'keras', '--out', join(dir, 'out')],
      ['import', secret, '--out', join(dir, 'x.filterbank.json')],
    ]) {
      const line = await refused(argv);
      expect(line, argv[0]).toMatch(/not valid JSON \(line 1, column 1/);
      expect(line, argv[0]).not.toMatch(/root|SECRET/);
    }
  });
});
