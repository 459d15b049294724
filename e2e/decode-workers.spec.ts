// Decode workers start under every entry point, each run as a user runs it: `npm run serve` (sources through tsx),
// the built app's engine thread (out/main; `npm run dev` bundles the main process into out/ with the same
// configuration) and the CLI. A pool that cannot find its worker file falls back to decoding on one thread with a
// warning, which is what every browser-mode user once saw; these tests fail on that warning. No browser needed:
// they live in the Playwright suite because the built-app case needs global-setup's fresh build.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import type { InvokeResult } from '../src-shared';
import { createWebSocketApi, type SocketLike } from '../src-renderer/api/websocket-transport';
import { EngineWorkerClient } from '../src-main/engine-worker/engine-worker-client';
import { digitDataset, writeDigitFolder } from '../src-main/testing/ml-fixtures';

const root = fileURLToPath(new URL('..', import.meta.url));
type Report = InvokeResult<'dataset:report'>['report'];

let dir: string;
let digits: string;
test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'filterbank-decode-workers-'));
  digits = await writeDigitFolder(join(dir, 'digits'), [0, 1, 7], 4);
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

function expectWorkers(report: Report): void {
  expect(report.warnings.join('\n')).not.toMatch(/decode workers could not start/);
  expect(report.memory.workers).toBeGreaterThan(0);
  expect(report.totals.usable).toBe(12);
}

/** Runs a command to its end; resolves with its output (rejects with it on a non-zero status). */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))));
  });
}

test('the CLI (npm run cli) decodes in worker threads', async () => {
  const out = await run(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'dataset', digits, '--json']);
  expectWorkers(JSON.parse(out) as Report);
});

test("the built app's engine thread (out/main) starts its decode workers", async () => {
  const client = new EngineWorkerClient({
    workerFile: pathToFileURL(join(root, 'out', 'main', 'engine-worker.js')),
    resourceLimits: {},
    log: () => undefined,
  });
  try {
    const result = await client.call('dataset:report', {
      dataset: digitDataset(digits),
      validationSplit: 0.25,
      seed: 1,
      refresh: false,
    });
    expectWorkers(result.report);
  } finally {
    await client.dispose();
  }
});

test('browser mode (npm run serve) starts its decode workers', async () => {
  test.setTimeout(120_000);
  const dataDir = join(dir, 'serve-data');
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const server: ChildProcess = spawn(
    tsx,
    ['src-main/serve.ts', '--port', '0', '--data-dir', dataDir, '--root', dir, '--no-build'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let log = '';
      const onData = (d: Buffer) => {
        log += d.toString();
        const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)/.exec(log);
        if (m) resolve(`ws://127.0.0.1:${m[1]}/ws?token=${m[2]}`);
      };
      server.stdout?.on('data', onData);
      server.stderr?.on('data', onData);
      server.on('exit', (code) => reject(new Error(`npm run serve exited (${code}): ${log}`)));
    });
    const api = createWebSocketApi({
      url,
      createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
      initialDelayMs: 20,
      connectTimeoutMs: 5000,
    });
    try {
      const result = await api.invoke('dataset:report', { dataset: digitDataset(digits), validationSplit: 0.25 });
      expectWorkers(result.report);
    } finally {
      api.close();
    }
  } finally {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
});
