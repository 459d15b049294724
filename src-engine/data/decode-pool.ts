/**
 * A pool of decode workers (worker_threads), sized to the cores by default. Each worker runs a few tasks at once:
 * a tiny image costs less than libvips' thread hand-offs and file reads, which then overlap. A worker that dies is
 * replaced and its tasks retried once; a task caught in a second crash is reported unreadable. With `workers: 0`,
 * or when workers cannot be started (e.g. a bundle without the worker file), decoding runs in-process.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runDecodeTask, type DecodeRequest, type DecodeResponse } from './decode-task';

export interface DecodePoolOptions {
  /** Worker threads; default: one per core, at most 8. 0 decodes in-process. */
  workers?: number;
  /** The worker entry (decode-worker.ts/.js); bundlers must emit it and pass its URL. */
  workerUrl?: URL;
}

interface Task {
  request: DecodeRequest;
  resolve: (r: DecodeResponse) => void;
  crashes: number;
}

interface Slot {
  worker: Worker;
  tasks: Map<number, Task>;
  /** Running a task that was caught in a crash, alone, so a second crash names the right file. */
  isolating: boolean;
}

const TASKS_PER_WORKER = 4;
const IN_PROCESS_TASKS = 4;

export const defaultWorkerCount = (): number => Math.max(1, Math.min(8, availableParallelism()));

/**
 * The worker entry beside `moduleUrl`: .ts when running from sources. Compared on the path: a module loaded
 * through tsx's tsImport (browser mode's and the tests' worker threads) has a query after its `.ts`.
 */
export function decodeWorkerUrl(moduleUrl: string): URL {
  const fromSources = new URL(moduleUrl).pathname.endsWith('.ts');
  return new URL(fromSources ? './decode-worker.ts' : './decode-worker.js', moduleUrl);
}

const defaultWorkerUrl = (): URL => decodeWorkerUrl(import.meta.url);

/** Starts a worker; TypeScript sources (tests, `tsx` runs) are loaded through tsx's loader inside the worker. */
function spawn(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(
    path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href;
  const boot =
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(` + `${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true });
}

function startWorker(url: URL): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = spawn(url);
    const fail = (e: unknown): void => {
      void worker.terminate();
      reject(e instanceof Error ? e : new Error(`decode worker exited with code ${String(e)}`));
    };
    worker.once('error', fail);
    worker.once('exit', fail);
    worker.once('message', (m: { ready?: boolean }) => {
      worker.off('error', fail);
      worker.off('exit', fail);
      if (m.ready) resolve(worker);
      else fail(new Error('decode worker sent an unexpected first message'));
    });
  });
}

export class DecodePool {
  private readonly queue: Task[] = [];
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private inProcessActive = 0;
  private closed = false;
  private inProcess: boolean;

  private constructor(
    private readonly url: URL | undefined,
    /** Why workers could not be used, when the pool fell back to in-process decoding. */
    readonly startupError?: string,
  ) {
    this.inProcess = url === undefined;
  }

  static async create(options: DecodePoolOptions = {}): Promise<DecodePool> {
    const count = options.workers ?? defaultWorkerCount();
    if (count <= 0) return new DecodePool(undefined);
    const url = options.workerUrl ?? defaultWorkerUrl();
    const started = await Promise.allSettled(Array.from({ length: count }, () => startWorker(url)));
    const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (workers.length === 0)
      return new DecodePool(
        undefined,
        `decode workers could not start (${String(failure?.reason?.message ?? failure?.reason)}); decoding in-process`,
      );
    const pool = new DecodePool(url);
    for (const w of workers) pool.attach(w);
    return pool;
  }

  /** Worker threads in use; 0 when decoding in-process. */
  get size(): number {
    return this.slots.length;
  }

  run(request: DecodeRequest): Promise<DecodeResponse> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'unreadable', message: 'the dataset was closed' });
    return new Promise((resolve) => {
      this.queue.push({ request, resolve, crashes: 0 });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0))
      t.resolve({ ok: false, reason: 'unreadable', message: 'the dataset was closed' });
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private attach(worker: Worker): void {
    const slot: Slot = { worker, tasks: new Map(), isolating: false };
    this.slots.push(slot);
    worker.on('message', (m: { id: number; response: DecodeResponse }) => {
      const task = slot.tasks.get(m.id);
      if (!task) return;
      slot.tasks.delete(m.id);
      if (slot.tasks.size === 0) slot.isolating = false;
      task.resolve(m.response);
      this.pump();
    });
    const lost = (): void => {
      this.slots.splice(this.slots.indexOf(slot), 1);
      for (const task of slot.tasks.values()) {
        if (++task.crashes >= 2)
          task.resolve({ ok: false, reason: 'unreadable', message: 'the image decoder crashed on this file' });
        else this.queue.unshift(task);
      }
      slot.tasks.clear();
      this.pump();
      if (this.closed || !this.url) return;
      startWorker(this.url).then(
        (w) => {
          if (this.closed) void w.terminate();
          else this.attach(w);
        },
        () => {
          if (this.slots.length === 0) this.inProcess = true; // no worker left: keep going without them
          this.pump();
        },
      );
    };
    worker.once('error', lost);
    worker.once('exit', () => {
      if (this.slots.includes(slot)) lost();
    });
    this.pump();
  }

  private pump(): void {
    if (this.inProcess) {
      // In-process: a few pipelines at once keep libuv's threads (sharp's parallelism) busy.
      while (this.inProcessActive < IN_PROCESS_TASKS && this.queue.length > 0) {
        const task = this.queue.shift()!;
        this.inProcessActive++;
        void runDecodeTask(task.request).then((r) => {
          this.inProcessActive--;
          task.resolve(r);
          this.pump();
        });
      }
      return;
    }
    while (this.queue.length > 0) {
      const task = this.queue[0];
      // A retried task waits for an idle worker; others go to the least busy worker with room.
      const slot =
        task.crashes > 0
          ? this.slots.find((s) => s.tasks.size === 0)
          : this.slots
              .filter((s) => !s.isolating && s.tasks.size < TASKS_PER_WORKER)
              .sort((a, b) => a.tasks.size - b.tasks.size)[0];
      if (!slot) return;
      this.queue.shift();
      const id = this.nextId++;
      slot.tasks.set(id, task);
      slot.isolating = task.crashes > 0;
      slot.worker.postMessage({ id, request: task.request });
    }
  }
}
