/**
 * Starts TF.js' wasm backend in Node with SIMD and N XNNPACK threads. TF.js 4.22 cannot do that on its own, for
 * three reasons, each worked around here without modifying node_modules:
 *
 * 1. `WASM_HAS_MULTITHREAD_SUPPORT` is hard-coded to false when `IS_NODE` (flags_wasm.ts, tfjs issue #3830), so the
 *    threaded-SIMD binary is never chosen. The flag is evaluated lazily, so setting it first wins.
 * 2. The pthread workers cannot start. `init()` gives emscripten a `locateFile` that returns a `blob:` URL for
 *    `tfjs-backend-wasm-threaded-simd.worker.js`, which `worker_threads.Worker` cannot load, and it passes the
 *    emscripten factory to each worker as `mainScriptUrlOrBlob` = a Blob, which the worker's Node branch loads
 *    with `importScripts` = `fs.readFileSync` (a file path only). `URL.createObjectURL` is replaced so that the
 *    worker blob becomes a real `.cjs` file: the package's own worker code (`wasmWorkerContents`) behind a
 *    prelude that rewrites the `load` message's Blob to the path of `tfjs-backend-wasm-threaded-simd.js`.
 * 3. XNNPACK's thread pool is `min(requested, 8, logicalCores / 2)` (backend.cc), with the core count read from
 *    `os.cpus().length`, so `setThreadsCount(2)` gives 1 thread on a 2-core machine. While the module
 *    initialises, `os.cpus()` reports twice the requested threads; the count is checked afterwards.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerConv2dBackpropFilterWasm } from './conv2d-backprop-filter-wasm';

export interface TfjsWasmSetup {
  threads: number;
  simd: boolean;
  multithread: boolean;
  /** The Conv2DBackpropFilter kernel was added (TF.js has none for wasm). */
  addedConv2dBackpropFilter: boolean;
}

const FACTORY = 'tfjs-backend-wasm-threaded-simd.js';
const WORKER_MODULE = 'tfjs-backend-wasm-threaded-simd.worker.js';

/** The folder holding the emscripten factory, its worker module and the .wasm binaries: the package's wasm-out,
 * or FILTERBANK_TFJS_WASM_DIR (the bundled benchmark on the GPU machine carries a copy). */
export function tfjsWasmDir(): string {
  const override = process.env.FILTERBANK_TFJS_WASM_DIR;
  if (override) return path.resolve(override);
  const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(pkg), 'wasm-out');
}

function writePthreadWorker(dir: string): string {
  const { wasmWorkerContents } = createRequire(import.meta.url)(path.join(dir, WORKER_MODULE)) as {
    wasmWorkerContents: string;
  };
  const prelude =
    '"use strict";\n' +
    '// Filterbank bench: worker_threads cannot importScripts a Blob; load the emscripten factory from its file.\n' +
    (`require("worker_threads").parentPort.on("message", (data) => { if (data && data.cmd === "load" && typeof ` +
      `data.urlOrBlob !== "string") data.urlOrBlob = ${JSON.stringify(path.join(dir, FACTORY))}; });\n`);
  const folder = path.join(os.tmpdir(), `filterbank-tfjs-wasm-${process.pid}`);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'pthread-worker.cjs');
  // TF.js escapes newlines the same way before making its Blob: the template literal turned "\n" escapes into newlines.
  writeFileSync(file, prelude + wasmWorkerContents.replace(/\n/g, '\\n'));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  return file;
}

/** Replaces the worker Blob URL with the worker file. Stays installed: emscripten creates more workers on demand. */
function redirectWorkerBlobs(workerFile: string): void {
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob) =>
    obj instanceof Blob && obj.type === 'application/javascript' ? workerFile : createObjectURL(obj);
}

let started: TfjsWasmSetup | null = null;

export async function initTfjsWasm(threads: number): Promise<TfjsWasmSetup> {
  if (started) {
    if (started.threads !== threads)
      throw new Error(`the TF.js wasm backend already runs with ${started.threads} threads in this process`);
    await tf.setBackend('wasm');
    return started;
  }
  if (!Number.isInteger(threads) || threads < 1 || threads > 8)
    throw new Error(`TF.js wasm threads must be 1–8 (XNNPACK's cap in 4.22), got ${threads}`);
  const dir = tfjsWasmDir();
  setWasmPaths(dir + path.sep);
  if (threads > 1) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    redirectWorkerBlobs(writePthreadWorker(dir));
  }
  setThreadsCount(threads);
  const addedConv2dBackpropFilter = registerConv2dBackpropFilterWasm();
  const cpus = os.cpus;
  const real = cpus();
  os.cpus = () => Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]);
  let ok: boolean;
  try {
    ok = await tf.setBackend('wasm');
  } finally {
    os.cpus = cpus;
  }
  if (!ok || tf.getBackend() !== 'wasm')
    throw new Error('the TF.js wasm backend did not start (see the messages above)');
  const actual = getThreadsCount();
  if (actual !== threads)
    throw new Error(`the TF.js wasm backend started with ${actual} XNNPACK threads instead of ${threads}`);
  started = {
    threads: actual,
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    multithread: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
    addedConv2dBackpropFilter,
  };
  return started;
}
