// Owns training worker threads: starts a run, pauses / resumes / stops it, survives a worker that crashes
// or runs out of memory, and streams its progress to the renderer at a bounded rate.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { totalmem } from 'node:os';
import { type ErrorInfo, type EventChannel, type EventPayload, IpcError, type TrainingState } from '../../src-shared';
import type { ChildHandle, ProcessLauncher } from './process-host';
import { CONTROL, CONTROL_BYTES, WorkerMessage, type WorkerInit } from './protocol';
import { CoalescingThrottle, STREAM_INTERVAL_MS, systemClock, type Clock } from './throttle';
import { spawnWorker } from './spawn-worker';
import { CheckpointStore, type CheckpointSelector, type StoredWeights } from './checkpoint-store';

export type EmitEvent = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void;

export interface SupervisorOptions {
  /** The worker script: a built .js file, or a .ts file (run through tsx) in development and tests. */
  workerFile: URL;
  emit: EmitEvent;
  resourceLimits?: ResourceLimits;
  /** How long a stopping run may take to reach its next checkpoint before its thread is terminated. */
  stopGraceMs?: number;
  clock?: Clock;
  log?: (message: string) => void;
  /** Runs jobs placed in a process (headless-gl): the child entry (gl-process.ts, or its build) and how to start it. */
  processHost?: { entry: URL; launch: ProcessLauncher };
  /** Memory for recent runs' per-epoch weights (default 256 MiB); past it only each run's best and latest stay. */
  checkpointCapBytes?: number;
}

/**
 * Where a run trains: a worker thread of this process, or a
 * child process of its own (gl works in one thread per process).
 */
export type RunPlacement = 'thread' | 'process';

/** The training thread or child process of a run, with the supervisor's control over it. */
interface RunHost {
  setControl(value: number): void;
  terminate(): Promise<unknown>;
}

type FeatureMapsPayload = EventPayload<'training:featureMaps'>;

interface Run {
  runId: string;
  state: TrainingState;
  startedAt: string;
  host: RunHost;
  progress: CoalescingThrottle<EventPayload<'training:progress'>>;
  featureMaps: CoalescingThrottle<FeatureMapsPayload>;
  datasetProgress: CoalescingThrottle<EventPayload<'training:dataset'>>;
  stopTimer: ReturnType<typeof setTimeout> | null;
}

const ACTIVE: TrainingState[] = ['starting', 'running', 'paused', 'stopping'];
const FINISHED_RUNS_KEPT = 20;
const MB = 1024 * 1024;

export function defaultResourceLimits(): ResourceLimits {
  return { maxOldGenerationSizeMb: Math.max(512, Math.min(8192, Math.floor((totalmem() / MB) * 0.5))) };
}

/** Keeps the newest map of every layer (and kind) when snapshots are coalesced. */
function mergeFeatureMaps(waiting: FeatureMapsPayload, next: FeatureMapsPayload): FeatureMapsPayload {
  const key = (m: FeatureMapsPayload['maps'][number]) => `${m.kind}:${m.layer}`;
  const fresh = new Set(next.maps.map(key));
  return { ...next, maps: [...waiting.maps.filter((m) => !fresh.has(key(m))), ...next.maps] };
}

/** Runs training jobs of type J (what the worker script's job schema accepts) in worker threads. */
export class TrainingSupervisor<J = unknown> {
  private readonly runs = new Map<string, Run>();
  private readonly checkpoints: CheckpointStore;
  private readonly options: Required<Omit<SupervisorOptions, 'resourceLimits' | 'processHost' | 'checkpointCapBytes'>> &
    Pick<SupervisorOptions, 'processHost'> & { resourceLimits: ResourceLimits };

  constructor(options: SupervisorOptions) {
    this.options = {
      stopGraceMs: 10_000,
      clock: systemClock,
      log: (message) => console.warn(message),
      resourceLimits: defaultResourceLimits(),
      ...options,
    };
    this.checkpoints = new CheckpointStore(options.checkpointCapBytes);
  }

  start(job: J, placement: RunPlacement = 'thread'): { runId: string } {
    const active = [...this.runs.values()].find((r) => ACTIVE.includes(r.state));
    if (active)
      throw new IpcError(
        'busy',
        `Training run ${active.runId} is still ${active.state}.`,
        'Stop it, or wait for it to finish, before starting another.',
      );
    const runId = `run-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const { emit, clock } = this.options;
    const run: Run = {
      runId,
      state: 'starting',
      startedAt: new Date().toISOString(),
      host: { setControl: () => undefined, terminate: async () => undefined },
      progress: new CoalescingThrottle(
        STREAM_INTERVAL_MS.progress,
        (p) => emit('training:progress', p),
        undefined,
        clock,
      ),
      featureMaps: new CoalescingThrottle(
        STREAM_INTERVAL_MS.featureMaps,
        (f) => emit('training:featureMaps', f),
        mergeFeatureMaps,
        clock,
      ),
      datasetProgress: new CoalescingThrottle(
        STREAM_INTERVAL_MS.progress,
        (p) => emit('training:dataset', p),
        undefined,
        clock,
      ),
      stopTimer: null,
    };
    const workerData = { runId, job, featureMapIntervalMs: STREAM_INTERVAL_MS.featureMaps };
    run.host = placement === 'process' ? this.startProcess(run, workerData) : this.startThread(run, workerData);
    this.runs.set(runId, run);
    this.pruneFinished();
    this.setState(run, 'starting');
    return { runId };
  }

  private startThread(run: Run, workerData: Omit<WorkerInit, 'control'>): RunHost {
    const controlBuffer = new SharedArrayBuffer(CONTROL_BYTES);
    const control = new Int32Array(controlBuffer);
    const worker: Worker = spawnWorker(
      this.options.workerFile,
      { ...workerData, control: controlBuffer } satisfies WorkerInit,
      this.options.resourceLimits,
    );
    worker.on('message', (raw: unknown) => this.onMessage(run, raw));
    worker.on('error', (error: Error & { code?: string }) => this.onWorkerError(run, error));
    worker.on('exit', (code) => this.onExit(run, code));
    return {
      setControl(value) {
        Atomics.store(control, 0, value);
        Atomics.notify(control, 0);
      },
      terminate: () => worker.terminate(),
    };
  }

  private startProcess(run: Run, workerData: Omit<WorkerInit, 'control'>): RunHost {
    const processHost = this.options.processHost;
    if (!processHost)
      throw new IpcError(
        'unsupported',
        'This build cannot train in a separate process (headless-gl).',
        'Choose another backend.',
      );
    const child: ChildHandle = processHost.launch(processHost.entry);
    child.onMessage((raw) => {
      const relay = raw as { type?: unknown; message?: string; code?: string | null; stack?: string | null };
      if (relay.type !== 'relay-error') return this.onMessage(run, raw);
      const error = Object.assign(new Error(String(relay.message)), {
        code: relay.code ?? undefined,
        stack: relay.stack ?? undefined,
      });
      this.onWorkerError(run, error);
    });
    let exited = false;
    child.onExit((code, signal) => {
      exited = true;
      this.onExit(run, code ?? (signal ? 128 : 1), 'process');
    });
    child.send({ type: 'run', workerFile: this.options.workerFile.href, workerData });
    return {
      setControl: (value) => child.send({ type: 'control', value }),
      terminate: async () => {
        if (!exited) child.kill();
      },
    };
  }

  pause(runId: string): { runId: string; state: TrainingState } {
    const run = this.activeRun(runId, ['starting', 'running'], 'pause');
    this.setControl(run, CONTROL.pause);
    return { runId, state: 'paused' };
  }

  resume(runId: string): { runId: string; state: TrainingState } {
    const run = this.activeRun(runId, ['paused', 'running', 'starting'], 'resume');
    this.setControl(run, CONTROL.run);
    return { runId, state: 'running' };
  }

  stop(runId: string): { runId: string; state: TrainingState } {
    const run = this.activeRun(runId, ['starting', 'running', 'paused', 'stopping'], 'stop');
    if (run.state === 'stopping') return { runId, state: 'stopping' };
    this.setControl(run, CONTROL.stop);
    this.setState(run, 'stopping');
    run.stopTimer = setTimeout(() => {
      this.options.log(
        `[training] ${runId} did not reach a checkpoint within ${this.options.stopGraceMs} ms; terminating its worker`,
      );
      this.settle(run, 'stopped', null);
    }, this.options.stopGraceMs);
    return { runId, state: 'stopping' };
  }

  /** A finished run's project with one epoch's weights (numbered, or the best by a validation metric). */
  checkpoint(runId: string, selector: CheckpointSelector) {
    const run = this.runs.get(runId);
    if (run && ACTIVE.includes(run.state))
      throw new IpcError(
        'invalid-state',
        `Training run ${runId} is still ${run.state}; its epochs can be restored once it ends.`,
        'Stop it, or wait for it to finish, then restore.',
      );
    return this.checkpoints.restore(runId, selector);
  }

  list(): { runId: string; state: TrainingState; startedAt: string }[] {
    return [...this.runs.values()].map(({ runId, state, startedAt }) => ({ runId, state, startedAt }));
  }

  /** Terminates every active run (app shutdown). */
  async dispose(): Promise<void> {
    await Promise.all(
      [...this.runs.values()]
        .filter((r) => ACTIVE.includes(r.state))
        .map((r) => {
          this.settle(r, 'stopped', null);
          return r.host.terminate();
        }),
    );
  }

  private activeRun(runId: string, allowed: TrainingState[], action: string): Run {
    const run = this.runs.get(runId);
    if (!run)
      throw new IpcError(
        'not-found',
        `There is no training run ${runId}.`,
        'Use the run id returned by training:start (training:list shows all runs).',
      );
    if (!allowed.includes(run.state))
      throw new IpcError('invalid-state', `Cannot ${action} training run ${runId}: it is ${run.state}.`, null);
    return run;
  }

  private setControl(run: Run, value: number): void {
    run.host.setControl(value);
  }

  /** Delivers what the throttles hold, so nothing sent before an event arrives after it. */
  private flushStreams(run: Run): void {
    run.datasetProgress.flush();
    run.progress.flush();
    run.featureMaps.flush();
  }

  private setState(run: Run, state: TrainingState, error: ErrorInfo | null = null): void {
    this.flushStreams(run);
    run.state = state;
    this.options.emit('training:state', { runId: run.runId, state, error, at: new Date().toISOString() });
  }

  private onMessage(run: Run, raw: unknown): void {
    if (!ACTIVE.includes(run.state)) return;
    const parsed = WorkerMessage.safeParse(raw);
    if (!parsed.success) {
      this.options.log(`[training] ${run.runId} sent an invalid message: ${parsed.error.message}`);
      this.settle(run, 'failed', {
        code: 'protocol-error',
        message: 'The training worker sent a message outside its protocol.',
        hint: 'This is a bug in Filterbank; the log has the details.',
      });
      return;
    }
    const message = parsed.data;
    const { runId } = run;
    switch (message.type) {
      case 'started':
        if (run.state === 'starting') this.setState(run, 'running');
        break;
      case 'progress': {
        const { type: _type, ...progress } = message;
        run.progress.push({ runId, ...progress });
        break;
      }
      case 'epoch':
        run.progress.flush();
        this.options.emit('training:epoch', {
          runId,
          epoch: message.epoch,
          epochs: message.epochs,
          logs: message.logs,
        });
        break;
      case 'epochWeights':
        this.checkpoints.add(runId, message.record, message.weights as StoredWeights);
        break;
      case 'featureMaps':
        run.featureMaps.push({ runId, epoch: message.epoch, batch: message.batch, maps: message.maps });
        break;
      case 'dataset': {
        const { type: _type, ...progress } = message;
        run.datasetProgress.push({ runId, ...progress });
        break;
      }
      case 'info': {
        const { type: _type, ...info } = message;
        this.checkpoints.setClassNames(runId, info.classNames);
        this.flushStreams(run);
        this.options.emit('training:info', { runId, ...info });
        break;
      }
      case 'result': {
        const { type: _type, ...result } = message;
        const project = result.project as EventPayload<'training:result'>['project'];
        this.checkpoints.setResult(runId, project);
        this.flushStreams(run);
        this.options.emit('training:result', { runId, ...result, project });
        break;
      }
      case 'paused':
        if (run.state === 'running' || run.state === 'starting') this.setState(run, 'paused');
        break;
      case 'resumed':
        if (run.state === 'paused') this.setState(run, 'running');
        break;
      case 'finished':
        this.settle(run, message.outcome, null);
        break;
      case 'failed': {
        const { stack, ...error } = message.error;
        if (stack) this.options.log(`[training] ${runId} failed: ${stack}`);
        this.settle(run, 'failed', error);
        break;
      }
    }
  }

  private onWorkerError(run: Run, error: Error & { code?: string }): void {
    if (!ACTIVE.includes(run.state)) return;
    this.options.log(`[training] ${run.runId} worker error: ${error.stack ?? error.message}`);
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      const limit = this.options.resourceLimits.maxOldGenerationSizeMb;
      this.settle(run, 'failed', {
        code: 'out-of-memory',
        message:
          `Training ran out of memory (the training thread may use ` +
          `${limit ?? 'the default'} MB of heap) and was stopped.`,
        hint: 'Use a smaller batch size, smaller images or a smaller model.',
      });
    } else {
      this.settle(run, 'failed', {
        code: 'worker-crashed',
        message: `The training thread crashed: ${error.message}`,
        hint: 'The app is unaffected; check the log, then start training again.',
      });
    }
  }

  private onExit(run: Run, code: number, what: 'thread' | 'process' = 'thread'): void {
    if (!ACTIVE.includes(run.state)) return;
    if (run.state === 'stopping') this.settle(run, 'stopped', null);
    else
      this.settle(run, 'failed', {
        code: 'worker-exited',
        message: `The training ${what} exited with code ${code} before finishing.`,
        hint: 'The app is unaffected; check the log, then start training again.',
      });
  }

  private settle(run: Run, state: 'completed' | 'stopped' | 'failed', error: ErrorInfo | null): void {
    if (!ACTIVE.includes(run.state)) return;
    if (run.stopTimer) clearTimeout(run.stopTimer);
    run.stopTimer = null;
    this.setState(run, state, error);
    void run.host.terminate();
  }

  private pruneFinished(): void {
    const finished = [...this.runs.values()].filter((r) => !ACTIVE.includes(r.state));
    for (const run of finished.slice(0, Math.max(0, finished.length - FINISHED_RUNS_KEPT))) {
      this.runs.delete(run.runId);
      this.checkpoints.forget(run.runId);
    }
  }
}
