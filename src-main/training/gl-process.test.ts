// headless-gl in the app: probed and trained in a child process of its own (gl works in one thread per process,
// and the app trains in worker threads). Runs under an Xvfb the child starts when no display is set.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../src-engine/data/testing/fixtures';
import { markTrainingInWorkerThreads } from '../../src-engine/backends/selection';
import { headlessGlSkipReason } from '../../src-engine/backends/virtual-display';
import { type EventChannel, type EventPayload, TrainingJob } from '../../src-shared';
import { listBackends, probeGlInProcess } from './engine-backends';
import { smallCnn, trainingJob, writeDigitFolder } from '../testing/ml-fixtures';
import { forkNodeProcess } from './process-host';
import { TrainingSupervisor } from './supervisor';
import type { WorkerTrainingJob } from './training-job';

const gl = { entry: new URL('./gl-process.ts', import.meta.url), launch: forkNodeProcess };

const skip = headlessGlSkipReason();

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  // As in the app: no thread of this process may load gl.
  markTrainingInWorkerThreads();
  ({ dir, cleanup } = await makeTempDir('fb-gl-process-'));
});
afterAll(() => cleanup());

describe.skipIf(skip !== null)(`headless-gl in a child process${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('is probed in the child: available, and auto passes over a software rasteriser with the reason', async () => {
    const probe = await probeGlInProcess(gl);
    expect(probe).toMatchObject({ name: 'headlessgl', available: true });
    const { backends, placement } = await listBackends(gl);
    const reported = backends.find((b) => b.name === 'headlessgl')!;
    expect(reported.available).toBe(true);
    if (probe.details.software === true) {
      expect(reported.reason).toMatch(/auto prefers webasm: this GL is a software rasteriser/);
      expect(placement).toBe('thread');
    }
  });

  it('trains in the child like the reference engine trains in a thread, and stops on request', async () => {
    const data = await writeDigitFolder(join(dir, 'digits'), [0, 1, 7], 12);
    const events: { channel: EventChannel; payload: EventPayload<EventChannel> }[] = [];
    const supervisor = new TrainingSupervisor<WorkerTrainingJob>({
      workerFile: new URL('./training-worker.ts', import.meta.url),
      emit: (channel, payload) => events.push({ channel, payload }),
      processHost: gl,
    });
    const job = (backend: 'headlessgl' | 'cpu'): WorkerTrainingJob => ({
      job: TrainingJob.parse({
        ...trainingJob(smallCnn(3), data, { epochs: 2, batchSize: 8, backend, seed: 5 }),
        featureMapLayers: [],
      }),
      dataDir: data,
      validationDir: null,
    });
    const finished = async (runId: string) => {
      const end = Date.now() + 90_000;
      const state = () =>
        events
          .filter((e) => e.channel === 'training:state' && e.payload.runId === runId)
          .map((e) => (e.payload as EventPayload<'training:state'>).state);
      while (!state().some((s) => ['completed', 'stopped', 'failed'].includes(s))) {
        if (Date.now() > end) throw new Error(`run ${runId} did not finish: ${state().join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const result = events.find((e) => e.channel === 'training:result' && e.payload.runId === runId)?.payload as
        EventPayload<'training:result'> | undefined;
      const failure = events.find(
        (e) =>
          e.channel === 'training:state' &&
          e.payload.runId === runId &&
          (e.payload as EventPayload<'training:state'>).error,
      );
      return { states: state(), result, failure };
    };

    const gpu = await finished(supervisor.start(job('headlessgl'), 'process').runId);
    expect(gpu.failure).toBeUndefined();
    expect(gpu.states).toEqual(['starting', 'running', 'completed']);
    expect(gpu.result?.backend).toBe('headlessgl');
    const cpu = await finished(supervisor.start(job('cpu')).runId);
    expect(cpu.result?.backend).toBe('cpu');
    const losses = (r: typeof gpu) => r.result!.history.map((h) => h.loss);
    expect(losses(gpu)).toHaveLength(2);
    losses(gpu).forEach((loss, i) => expect(Math.abs(loss! - losses(cpu)[i]!) / losses(cpu)[i]!).toBeLessThan(1e-3));

    // A stop travels as a message to the child, and applies even while its worker is still starting.
    const { runId } = supervisor.start(job('headlessgl'), 'process');
    supervisor.stop(runId);
    const stopped = await finished(runId);
    expect(stopped.states.at(-1)).toBe('stopped');
    await supervisor.dispose();
  }, 180_000);
});
