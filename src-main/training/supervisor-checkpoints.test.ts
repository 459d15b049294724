import { afterEach, describe, expect, it } from 'vitest';
import type { Script } from './fixtures/scripted-worker';
import { TrainingSupervisor } from './supervisor';

const workerFile = new URL('./fixtures/scripted-worker.ts', import.meta.url);

let supervisor: TrainingSupervisor<Script> | null = null;
afterEach(async () => {
  await supervisor?.dispose();
  supervisor = null;
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('TrainingSupervisor checkpoints', () => {
  it('keeps each epoch of a run and restores the chosen or best one once the run has ended', async () => {
    const states: string[] = [];
    supervisor = new TrainingSupervisor<Script>({
      workerFile,
      emit: (channel, payload) => {
        if (channel === 'training:state') states.push((payload as { state: string }).state);
      },
      log: () => undefined,
    });
    const { runId } = supervisor.start({ script: 'train', batches: 3, batchMs: 30, epochs: 3, checkpoints: true });
    await waitFor(() => states.includes('running'), 'running');
    expect(() => supervisor!.checkpoint(runId, { epoch: 0 })).toThrow(/still (running|starting)/);
    await waitFor(() => states.includes('completed'), 'completed');
    const second = supervisor.checkpoint(runId, { epoch: 1 });
    expect(second.epoch).toBe(1);
    expect(second.project.weights).toEqual({ dense: { kernel: { shape: [1], data: 'e1' } } });
    expect(second.project.history.map((h) => h.epoch)).toEqual([0, 1]);
    // The scripted val_loss is lowest at epoch 1.
    expect(supervisor.checkpoint(runId, { best: 'val_loss' }).epoch).toBe(1);
    expect(supervisor.checkpoint(runId, { epoch: 2 }).project.weights?.dense.kernel.data).toBe('e2');
    expect(() => supervisor!.checkpoint('run-unknown', { epoch: 0 })).toThrow(/No epoch weights are kept/);
  });
});
