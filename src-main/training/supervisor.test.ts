import { afterEach, describe, expect, it } from 'vitest';
import { type EventChannel, type EventPayload, IpcError } from '../../src-shared';
import type { Script } from './fixtures/scripted-worker';
import { TrainingSupervisor, type SupervisorOptions } from './supervisor';
import { STREAM_INTERVAL_MS } from './throttle';

const workerFile = new URL('./fixtures/scripted-worker.ts', import.meta.url);

interface Recorded {
  channel: EventChannel;
  payload: EventPayload<EventChannel>;
  at: number;
}

function job(script: Omit<Script, 'epochs'> | Record<string, never>, epochs = 1): Script {
  return { ...(script as Script), epochs, batchSize: 8 };
}

let supervisor: TrainingSupervisor<Script> | null = null;
afterEach(async () => {
  await supervisor?.dispose();
  supervisor = null;
});

function setup(options: Partial<SupervisorOptions> = {}) {
  const events: Recorded[] = [];
  const logs: string[] = [];
  supervisor = new TrainingSupervisor<Script>({
    workerFile,
    emit: (channel, payload) =>
      events.push({ channel, payload: payload as EventPayload<EventChannel>, at: Date.now() }),
    log: (m) => logs.push(m),
    ...options,
  });
  const states = (runId: string) =>
    events
      .filter((e) => e.channel === 'training:state' && (e.payload as EventPayload<'training:state'>).runId === runId)
      .map((e) => e.payload as EventPayload<'training:state'>);
  const of = <C extends EventChannel>(channel: C, runId: string) =>
    events.filter((e) => e.channel === channel && e.payload.runId === runId) as unknown as (Recorded & {
      payload: EventPayload<C>;
    })[];
  const waitForState = async (runId: string, state: string, timeoutMs = 20_000) => {
    const end = Date.now() + timeoutMs;
    while (!states(runId).some((s) => s.state === state)) {
      if (Date.now() > end)
        throw new Error(
          `timed out waiting for ${state}; states: ${states(runId)
            .map((s) => s.state)
            .join(' → ')}`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
    return states(runId).find((s) => s.state === state)!;
  };
  return { sup: supervisor, events, logs, states, of, waitForState };
}

describe('TrainingSupervisor', () => {
  it('runs a job to completion, with the last progress delivered before the final state', async () => {
    const { sup, states, of, waitForState } = setup();
    const { runId } = sup.start(job({ script: 'train', batches: 20, batchMs: 2 }, 2));
    await waitForState(runId, 'completed');
    expect(states(runId).map((s) => s.state)).toEqual(['starting', 'running', 'completed']);
    const progress = of('training:progress', runId);
    expect(progress.at(-1)!.payload).toMatchObject({ epoch: 1, batch: 19, batchesPerEpoch: 20, samplesSeen: 40 * 8 });
    expect(of('training:epoch', runId).map((e) => e.payload.epoch)).toEqual([0, 1]);
    expect(sup.list()).toEqual([expect.objectContaining({ runId, state: 'completed' })]);
  });

  it('coalesces per-batch progress to at most one message per interval', async () => {
    const { sup, of, waitForState } = setup();
    // ~1000 batches of 1 ms: a message per batch would be ~1000 events.
    const { runId } = sup.start(job({ script: 'train', batches: 1000, batchMs: 1 }));
    await waitForState(runId, 'completed');
    const progress = of('training:progress', runId);
    const spanMs = progress.at(-1)!.at - progress[0]!.at;
    expect(progress.length).toBeLessThan(1000 / 5);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(spanMs / STREAM_INTERVAL_MS.progress) + 2);
    // Every gap but the final flush (forced by the state change) respects the interval; 2 ms timer slack.
    const gaps = progress.slice(1, -1).map((p, i) => p.at - progress[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(STREAM_INTERVAL_MS.progress - 2);
  });

  it('streams feature maps as quantized bytes at most four times a second', async () => {
    const { sup, of, waitForState } = setup();
    const { runId } = sup.start(job({ script: 'train', batches: 400, batchMs: 2, featureMaps: true }));
    await waitForState(runId, 'completed');
    const maps = of('training:featureMaps', runId);
    const spanMs = maps.at(-1)!.at - maps[0]!.at;
    expect(maps.length).toBeGreaterThan(1);
    expect(maps.length).toBeLessThanOrEqual(Math.ceil(spanMs / STREAM_INTERVAL_MS.featureMaps) + 2);
    const first = maps[0]!.payload.maps[0]!;
    expect(first.values).toBeInstanceOf(Uint8Array);
    expect(first.layer).toBe('conv2d');
    expect(first.shape).toEqual([1, 2, 2, 1]);
    // values [-1, 0, 1, step] with step 0 → min -1, max 1 → 0, 128, 255, 128
    expect([first.min, first.max]).toEqual([-1, 1]);
    expect(Array.from(first.values)).toEqual([0, 128, 255, 128]);
  });

  it('pauses a run that is busy in synchronous steps, resumes it and stops it', async () => {
    const { sup, of, waitForState } = setup();
    const { runId } = sup.start(job({ script: 'train', batches: 100_000, batchMs: 2 }));
    await waitForState(runId, 'running');
    expect(sup.pause(runId)).toEqual({ runId, state: 'paused' });
    await waitForState(runId, 'paused');
    await new Promise((r) => setTimeout(r, 100));
    const countWhilePaused = of('training:progress', runId).length;
    await new Promise((r) => setTimeout(r, 300));
    expect(of('training:progress', runId).length).toBe(countWhilePaused);
    expect(sup.resume(runId)).toEqual({ runId, state: 'running' });
    await new Promise((r) => setTimeout(r, 300));
    expect(of('training:progress', runId).length).toBeGreaterThan(countWhilePaused);
    expect(sup.stop(runId)).toEqual({ runId, state: 'stopping' });
    await waitForState(runId, 'stopped');
  });

  it('stops a paused run', async () => {
    const { sup, states, waitForState } = setup();
    const { runId } = sup.start(job({ script: 'train', batches: 100_000, batchMs: 2 }));
    await waitForState(runId, 'running');
    sup.pause(runId);
    await waitForState(runId, 'paused');
    sup.stop(runId);
    await waitForState(runId, 'stopped');
    expect(states(runId).map((s) => s.state)).toEqual(['starting', 'running', 'paused', 'stopping', 'stopped']);
  });

  it('terminates a worker that never reaches a checkpoint after the stop grace period', async () => {
    const { sup, logs, waitForState } = setup({ stopGraceMs: 300 });
    const { runId } = sup.start(job({ script: 'hang' }));
    await waitForState(runId, 'running');
    sup.stop(runId);
    await waitForState(runId, 'stopped');
    expect(logs.join('\n')).toMatch(/did not reach a checkpoint/);
  });

  it('survives a crashing worker and reports the crash, then runs the next job', async () => {
    const { sup, waitForState } = setup();
    const crashed = sup.start(job({ script: 'crash' }));
    const failed = await waitForState(crashed.runId, 'failed');
    expect(failed.error).toMatchObject({ code: 'worker-crashed' });
    expect(failed.error!.message).toMatch(/simulated crash/);
    const next = sup.start(job({ script: 'train', batches: 5 }));
    await waitForState(next.runId, 'completed');
  });

  it('survives a worker that runs out of memory (resourceLimits) and reports it', async () => {
    const { sup, waitForState } = setup({ resourceLimits: { maxOldGenerationSizeMb: 32 } });
    const oom = sup.start(job({ script: 'oom' }));
    const failed = await waitForState(oom.runId, 'failed', 60_000);
    expect(failed.error).toMatchObject({ code: 'out-of-memory' });
    expect(failed.error!.message).toMatch(/32 MB/);
    const next = sup.start(job({ script: 'train', batches: 5 }));
    await waitForState(next.runId, 'completed');
  });

  it('reports a worker that exits, a job that throws and a worker that breaks the protocol', async () => {
    const { sup, waitForState } = setup();
    const exited = sup.start(job({ script: 'exit' }));
    expect((await waitForState(exited.runId, 'failed')).error).toMatchObject({
      code: 'worker-exited',
      message: expect.stringMatching(/code 3/),
    });
    const threw = sup.start(job({ script: 'throw' }));
    expect((await waitForState(threw.runId, 'failed')).error).toEqual({
      code: 'invalid-model',
      message: 'the model has no output layer',
      hint: 'Connect a Dense layer to the output.',
    });
    const garbage = sup.start(job({ script: 'garbage' }));
    expect((await waitForState(garbage.runId, 'failed')).error).toMatchObject({ code: 'protocol-error' });
  });

  it('refuses a second concurrent run, unknown runs and impossible transitions with typed errors', async () => {
    const { sup, waitForState } = setup();
    const { runId } = sup.start(job({ script: 'train', batches: 100_000, batchMs: 2 }));
    expect(() => sup.start(job({ script: 'train' }))).toThrow(expect.objectContaining({ code: 'busy' }));
    expect(() => sup.pause('run-nope')).toThrow(expect.objectContaining({ code: 'not-found' }));
    sup.stop(runId);
    await waitForState(runId, 'stopped');
    const error = (() => {
      try {
        sup.resume(runId);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'invalid-state' });
  });

  it('a worker refuses a job outside its job schema as a protocol error', async () => {
    const { sup, waitForState } = setup();
    const { runId } = sup.start({ script: 'dance' } as unknown as Script);
    const failed = await waitForState(runId, 'failed');
    expect(failed.error).toMatchObject({ code: 'protocol-error', message: expect.stringMatching(/invalid job/) });
  });
});
