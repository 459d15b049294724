// The CLI as a spawned process. Ctrl-C in a terminal sends SIGINT to the whole process group (npm, sh, node): the
// run must still stop within seconds and save; spawned through `npm run` as a user would, leading its own group so
// the test can signal it. And a reader that closes the pipe early (`| head`) must not produce a stack trace.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelGraph } from '../../src-engine/model/graph';
import { encodeImage, makeTempDir, mnistDigits, writeTree } from '../../src-engine/data/testing/fixtures';
import { sequential } from '../../src-engine/model/graph';
import { newProject, parseProjectFile, serializeProjectFile } from '../../src-engine/model/project-file';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('fb-cli-interrupt-'));
  const digits = mnistDigits(20);
  const files: Record<string, Uint8Array> = {};
  for (const d of [0, 1])
    for (const [i, img] of digits[d].entries()) files[`d${d}/${i}.png`] = await encodeImage(img, 'png');
  await writeTree(join(dir, 'data'), files);
  const graph = sequential('tiny', [
    { className: 'InputLayer', params: { shape: [28, 28, 1] } },
    { className: 'Conv2D', params: { filters: 4, kernelSize: 3, activation: 'relu' } },
    { className: 'Flatten' },
    { className: 'Dense', params: { units: 2, activation: 'softmax' } },
  ]);
  writeFileSync(join(dir, 'tiny.json'), serializeProjectFile(newProject(graph)));
});
afterAll(() => cleanup());

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  secondsAfterSigint: number;
}

/** Runs `npm run -s cli -- ARGS`, sends SIGINT to its process group once stderr matches `when`, waits for the end. */
function runAndInterrupt(args: string[], when: RegExp): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'cli', '--', ...args], {
      cwd: process.cwd(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    const deadline = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`no end ${sentAt ? 'after SIGINT' : 'and no progress line'}; stderr: ${stderr}`));
    }, 90_000);
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sentAt && when.test(stderr)) {
        sentAt = performance.now();
        process.kill(-child.pid!, 'SIGINT');
      }
    });
    // 'close': every process of the group that held the pipes is gone.
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      resolve({ code, signal, stdout, stderr, secondsAfterSigint: sentAt ? (performance.now() - sentAt) / 1000 : NaN });
    });
  });
}

describe('cli train and Ctrl-C', () => {
  it('stops within seconds of SIGINT to the process group and saves the weights trained so far', async () => {
    const out = join(dir, 'out');
    const run = await runAndInterrupt(
      [
        'train',
        '--model',
        join(dir, 'tiny.json'),
        '--data',
        join(dir, 'data'),
        '--epochs',
        '10000',
        '--batch-size',
        '4',
        '--out',
        out,
        '--json',
      ],
      /^Epoch 1\/10000 /m,
    );
    expect(run.secondsAfterSigint, run.stderr).toBeLessThan(5);
    const modelFile = join(out, 'tiny.trained.filterbank.json');
    expect(run.stderr).toContain(`Interrupted: saved the weights trained so far to ${modelFile}`);
    expect(existsSync(modelFile), run.stderr).toBe(true);
    const saved = parseProjectFile(readFileSync(modelFile, 'utf8'));
    expect(saved.weights).not.toBeNull();
    expect(saved.classNames).toEqual(['d0', 'd1']);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ modelFile, stopReason: 'cancelled' });
  });
});

describe('cli output into a closed pipe', () => {
  it('stops quietly with status 141 (as SIGPIPE would) when the reader goes away', async () => {
    const nodes: ModelGraph['nodes'] = [
      { id: 'n0', name: 'input_layer', className: 'InputLayer', params: { shape: [4] }, inputs: [] },
    ];
    for (let i = 1; i <= 3000; i++)
      nodes.push({ id: `n${i}`, name: `dense_${i}`, className: 'Dense', params: { units: 4 }, inputs: [`n${i - 1}`] });
    const model = join(dir, 'long.json');
    writeFileSync(model, serializeProjectFile(newProject({ name: 'long', nodes })));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'summary', model], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(141);
  });
});
