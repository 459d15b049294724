import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  branchingModel,
  filterbankPredict,
  randomInputs,
  sequentialCnn,
  trainedProject,
} from './export-fixtures.test-support';
import { loadLayersModelFromFiles, maxAbsDiff } from './tfjs-loader.test-support';
import { exportTypeScript } from './typescript-export';
import { fileBytes, type ExportFile } from './types';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'fb-ts-export-'));

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const RUNNER = `import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { CLASS_NAMES, loadModel, predict } from './model';

await tf.setBackend('cpu');
const model = await loadModel((path) => readFile(new URL(path, import.meta.url)));
const inputs: number[][] = JSON.parse(await readFile(process.argv[2] ?? '', 'utf8'));
console.log(JSON.stringify({ classNames: CLASS_NAMES, predictions: inputs.map((x) => predict(model, x)) }));
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    types: ['node'],
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['*.ts'],
};

/** Writes the export into its own folder, as a user's project would hold it, with this repository's packages. */
function writeProject(name: string, files: readonly ExportFile[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  for (const f of files) writeFileSync(join(dir, f.path), fileBytes(f));
  writeFileSync(join(dir, 'main.ts'), RUNNER);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function run(dir: string, args: string[]): string {
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 90_000 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe.each([
  ['sequential_cnn', sequentialCnn],
  ['branching', branchingModel],
] as const)('TypeScript export of %s', (name, build) => {
  it(
    'of a model trained a few steps type-checks with strict tsc, ' +
      'runs, and predicts as Filterbank and the TF.js export do',
    async () => {
      const project = await trainedProject(build(), 11);
      const { files } = exportTypeScript(project);
      const source = new TextDecoder().decode(fileBytes(files.find((f) => f.path === 'model.ts')!));
      for (const node of project.graph.nodes) expect(source).toContain(`name: "${node.name}"`);
      const dir = writeProject(name, files);

      run(dir, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);

      const loaded = await loadLayersModelFromFiles(files);
      const shape = loaded.inputs[0].shape.slice(1) as number[];
      const x = randomInputs(shape, 3, 4);
      const size = x.length / 3;
      writeFileSync(
        join(dir, 'inputs.json'),
        JSON.stringify([0, 1, 2].map((i) => Array.from(x.subarray(i * size, (i + 1) * size)))),
      );
      const out = JSON.parse(run(dir, [join(repo, 'node_modules/tsx/dist/cli.mjs'), 'main.ts', 'inputs.json']));

      expect(out.classNames).toEqual(project.classNames);
      const expected = (loaded.predict(tf.tensor(x, [3, ...shape])) as tf.Tensor).dataSync();
      const got = out.predictions.flatMap((p: { probabilities: number[] }) => p.probabilities);
      expect(maxAbsDiff(got, expected)).toBe(0);
      expect(maxAbsDiff(got, await filterbankPredict(project, x, 3))).toBeLessThan(1e-4);
      const best = out.predictions[0].best;
      expect(best.probability).toBe(Math.max(...out.predictions[0].probabilities));
      expect(project.classNames).toContain(best.className);
    },
  );
});
