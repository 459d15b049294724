// Main-process side of the engine worker: starts the thread on first use, forwards calls, turns replies back
// into results or IpcErrors, and restarts the thread after a crash (out of memory on a huge dataset, a bug).
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { type InvokeParsedArgs, type InvokeResult, IpcError, type IpcErrorCode } from '../../src-shared';
import { spawnWorker } from '../training/spawn-worker';
import type { EngineChannel } from './engine-tasks';
import { EngineReply, type EngineRequest } from './protocol';

export interface EngineWorkerOptions {
  /** engine-worker.js next to the main bundle, or engine-worker.ts under tsx. */
  workerFile: URL;
  resourceLimits: ResourceLimits;
  log: (message: string) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

const DISPOSE_GRACE_MS = 2000;

export class EngineWorkerClient {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly options: EngineWorkerOptions) {}

  call<C extends EngineChannel>(channel: C, args: InvokeParsedArgs<C>): Promise<InvokeResult<C>> {
    return this.request({ type: 'call', id: this.nextId++, channel, args }) as Promise<InvokeResult<C>>;
  }

  /** Closes the worker's open datasets, then ends the thread. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const closed = this.request({ type: 'dispose', id: this.nextId++ }).catch(() => undefined);
    await Promise.race([closed, new Promise((r) => setTimeout(r, DISPOSE_GRACE_MS).unref())]);
    this.worker = null;
    this.failAll(new IpcError('unavailable', 'The app is shutting down.', null));
    await worker.terminate();
  }

  private request(request: EngineRequest): Promise<unknown> {
    const worker = this.worker ?? this.start();
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  private start(): Worker {
    const worker = spawnWorker(this.options.workerFile, null, this.options.resourceLimits);
    this.worker = worker;
    worker.on('message', (raw: unknown) => this.onReply(raw));
    worker.on('error', (error: Error & { code?: string }) => {
      this.options.log(`[engine] worker error: ${error.stack ?? error.message}`);
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.lost(
        worker,
        outOfMemory
          ? new IpcError(
              'io-error',
              'The dataset or model needed more memory than the engine thread may use, so it was stopped.',
              'Use smaller images (preprocessing size) or a smaller dataset; the app is unaffected.',
            )
          : new IpcError(
              'internal',
              `The engine thread crashed: ${error.message}`,
              'Try again; the thread restarts on the next request.',
            ),
      );
    });
    worker.on('exit', (code) =>
      this.lost(
        worker,
        new IpcError(
          'internal',
          `The engine thread exited (code ${code}).`,
          'Try again; the thread restarts on the next request.',
        ),
      ),
    );
    return worker;
  }

  private onReply(raw: unknown): void {
    const reply = EngineReply.safeParse(raw);
    if (!reply.success) {
      this.options.log(`[engine] invalid reply: ${reply.error.message}`);
      return;
    }
    const pending = this.pending.get(reply.data.id);
    if (!pending) return;
    this.pending.delete(reply.data.id);
    if (reply.data.ok) {
      pending.resolve(reply.data.value);
      return;
    }
    const { code, message, hint, stack } = reply.data.error;
    if (code === 'internal') {
      // A bug in the worker: a plain error, so the router logs it and answers 'internal'.
      pending.reject(Object.assign(new Error(message), { stack: stack ?? message }));
    } else {
      pending.reject(new IpcError(code as IpcErrorCode, message, hint));
    }
  }

  private lost(worker: Worker, error: IpcError): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failAll(error);
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
