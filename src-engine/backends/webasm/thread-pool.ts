import { Worker } from 'node:worker_threads';

/**
 * Runs exported functions of one wasm module on several threads over one shared memory.
 *
 * `run(name, args, total, grain)` calls `name(...args, start, end)` for chunks [start, end) of
 * [0, total). Every thread — the calling one included — takes chunks from a shared counter until none
 * is left, so a worker the OS schedules late (this machine is shared) simply takes fewer chunks instead
 * of stalling the call. Dispatch is an Atomics.notify, not a postMessage round trip, which would cost
 * more than the small kernels of a CNN step. Calls are synchronous: `run` returns when all chunks are done.
 *
 * The chunk counter carries the job number in its high 16 bits; a worker that wakes up after its job
 * finished fails the compare-exchange and goes back to sleep instead of running a chunk of the next job
 * with arguments it read half-written.
 */

const MAX_ARGS = 24;
const ERROR_BYTES = 512;
// control words
const JOB = 0;
const CLAIM = 1;
const COMPLETED = 2;
const CHUNKS = 3;
const FN = 4;
const ARGC = 5;
const TOTAL = 6;
const GRAIN = 7;
const FAILED = 8;
const ARGS_AT = 16;
const CONTROL_INTS = ARGS_AT + MAX_ARGS;
const CLOSED = -1;
/** How long a thread polls before sleeping in Atomics.wait: back-to-back kernels then skip the futex. */
const SPIN_ITERATIONS = 20_000;

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, control, errors, names, spin } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const fns = names.map((n) => instance.exports[n]);
const ctrl = new Int32Array(control);
const errorText = new Uint8Array(errors);
let seen = 0;
parentPort.postMessage('ready');
for (;;) {
  let job = Atomics.load(ctrl, ${JOB});
  for (let i = 0; job === seen && i < spin; i++) job = Atomics.load(ctrl, ${JOB});
  if (job === seen) {
    Atomics.wait(ctrl, ${JOB}, seen);
    continue;
  }
  seen = job;
  if (job < 0) break;
  const tag = (job & 0xffff) << 16;
  const fn = fns[ctrl[${FN}]];
  const argc = ctrl[${ARGC}];
  const chunks = ctrl[${CHUNKS}];
  const total = ctrl[${TOTAL}];
  const grain = ctrl[${GRAIN}];
  const args = [];
  for (let i = 0; i < argc; i++) args.push(ctrl[${ARGS_AT} + i]);
  for (;;) {
    const word = Atomics.load(ctrl, ${CLAIM});
    if ((word & 0xffff0000) !== tag || (word & 0xffff) >= chunks) break;
    if (Atomics.compareExchange(ctrl, ${CLAIM}, word, word + 1) !== word) continue;
    const start = (word & 0xffff) * grain;
    try {
      fn(...args, start, Math.min(total, start + grain));
    } catch (error) {
      const bytes = new TextEncoder().encode(String((error && error.message) || error)).subarray(0, ${ERROR_BYTES});
      errorText.fill(0);
      errorText.set(bytes);
      Atomics.store(ctrl, ${FAILED}, 1);
    }
    if (Atomics.add(ctrl, ${COMPLETED}, 1) + 1 === chunks) Atomics.notify(ctrl, ${COMPLETED});
  }
}
`;

type WasmFunction = (...args: number[]) => void;

export class WasmThreadPool {
  private job = 0;
  private constructor(
    readonly threads: number,
    private readonly names: readonly string[],
    private readonly local: Record<string, WasmFunction>,
    private readonly workers: Worker[],
    private readonly control: Int32Array,
    private readonly errors: Uint8Array,
  ) {}

  /** Instantiates `module` here and on `threads - 1` workers, all over `memory`. */
  static async create(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    threads: number,
    names: readonly string[],
  ): Promise<WasmThreadPool> {
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const local: Record<string, WasmFunction> = {};
    for (const name of names) {
      const fn = instance.exports[name];
      if (typeof fn !== 'function') throw new Error(`wasm module has no export named ${name}`);
      local[name] = fn as WasmFunction;
    }
    const control = new SharedArrayBuffer(CONTROL_INTS * 4);
    const errors = new SharedArrayBuffer(ERROR_BYTES);
    const workers = await Promise.all(
      Array.from({ length: Math.max(0, threads - 1) }, () => {
        const worker = new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { module, memory, control, errors, names, spin: SPIN_ITERATIONS },
        });
        return new Promise<Worker>((resolve, reject) => {
          worker.once('message', () => {
            worker.unref();
            resolve(worker);
          });
          worker.once('error', (error) => reject(new Error(`a wasm worker thread failed to start: ${error.message}`)));
        });
      }),
    );
    return new WasmThreadPool(
      workers.length + 1,
      names,
      local,
      workers,
      new Int32Array(control),
      new Uint8Array(errors),
    );
  }

  /** Calls `name` once, on this thread. */
  call(name: string, args: readonly number[]): void {
    this.local[name](...args);
  }

  /** Calls `name(...args, start, end)` over [0, total) in chunks of `grain`, on every thread. */
  run(name: string, args: readonly number[], total: number, grain: number): void {
    if (total <= 0) return;
    const fnLocal = this.local[name];
    if (!fnLocal) throw new Error(`wasm function ${name} is not in this pool`);
    const chunks = Math.ceil(total / grain);
    if (this.workers.length === 0 || chunks === 1) {
      for (let start = 0; start < total; start += grain) fnLocal(...args, start, Math.min(total, start + grain));
      return;
    }
    if (chunks > 0xffff) throw new Error(`${name}: ${chunks} chunks, more than the pool can count; use a larger grain`);
    if (args.length > MAX_ARGS) throw new Error(`${name}: at most ${MAX_ARGS} arguments`);
    const ctrl = this.control;
    this.job = (this.job % 0x7fff) + 1;
    const tag = (this.job & 0xffff) << 16;
    Atomics.store(ctrl, CLAIM, CLOSED);
    ctrl[FN] = this.names.indexOf(name);
    ctrl[ARGC] = args.length;
    ctrl[CHUNKS] = chunks;
    ctrl[TOTAL] = total;
    ctrl[GRAIN] = grain;
    ctrl[FAILED] = 0;
    for (let i = 0; i < args.length; i++) ctrl[ARGS_AT + i] = args[i];
    Atomics.store(ctrl, COMPLETED, 0);
    Atomics.store(ctrl, CLAIM, tag);
    Atomics.store(ctrl, JOB, this.job);
    Atomics.notify(ctrl, JOB);

    for (;;) {
      const word = Atomics.load(ctrl, CLAIM);
      if ((word & 0xffff) >= chunks) break;
      if (Atomics.compareExchange(ctrl, CLAIM, word, word + 1) !== word) continue;
      const start = (word & 0xffff) * grain;
      fnLocal(...args, start, Math.min(total, start + grain));
      Atomics.add(ctrl, COMPLETED, 1);
    }
    let done = Atomics.load(ctrl, COMPLETED);
    for (let i = 0; done !== chunks && i < SPIN_ITERATIONS; i++) done = Atomics.load(ctrl, COMPLETED);
    while (done !== chunks) {
      Atomics.wait(ctrl, COMPLETED, done);
      done = Atomics.load(ctrl, COMPLETED);
    }
    if (ctrl[FAILED]) {
      const text = new TextDecoder().decode(this.errors.slice()).replace(/\0+$/, '');
      throw new Error(`a wasm worker failed in ${name}: ${text}`);
    }
  }

  async destroy(): Promise<void> {
    Atomics.store(this.control, JOB, -1);
    Atomics.notify(this.control, JOB);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
