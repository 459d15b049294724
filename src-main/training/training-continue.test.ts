// A real run continued from its own weights numbers its epochs on (Keras' initial_epoch), and every epoch of both
// runs can be restored through training:checkpoint.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, EventPayload } from '../../src-shared';
import { createTestHost, type TestHost } from '../ipc/test-services';
import { smallCnn, trainingJob, writeDigitFolder } from '../testing/ml-fixtures';

let h: TestHost;
let digits: string;
beforeAll(async () => {
  h = await createTestHost({ sampleDigits: 3 });
  digits = await writeDigitFolder(join(h.dataDir, 'digits'), [0, 1, 7], 8);
});
afterAll(() => h.dispose());

function eventsOf<C extends EventChannel>(channel: C, runId: string): EventPayload<C>[] {
  return h.events
    .filter((e) => e.channel === channel && e.payload.runId === runId)
    .map((e) => e.payload as EventPayload<C>);
}

async function train(job: unknown): Promise<{ runId: string; result: EventPayload<'training:result'> }> {
  const { runId } = (await h.call('training:start', { job })) as { runId: string };
  const end = Date.now() + 30_000;
  while (!eventsOf('training:state', runId).some((s) => ['completed', 'stopped', 'failed'].includes(s.state))) {
    if (Date.now() > end) throw new Error(`run ${runId} did not end`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const [result] = eventsOf('training:result', runId);
  return { runId, result: result! };
}

describe('continued training and checkpoints', () => {
  it('counts epochs on from the weights, and restores any epoch of either run', async () => {
    const first = await train(trainingJob(smallCnn(3), digits, { epochs: 1, batchSize: 8 }));
    expect(first.result.project.history.map((r) => r.epoch)).toEqual([0]);

    const second = await train(trainingJob(first.result.project, digits, { epochs: 2, batchSize: 8 }));
    expect(eventsOf('training:info', second.runId)[0]).toMatchObject({ initialEpoch: 1, epochs: 3 });
    expect(eventsOf('training:progress', second.runId).at(-1)).toMatchObject({ epoch: 2, epochs: 3 });
    expect(eventsOf('training:epoch', second.runId).map((e) => e.epoch)).toEqual([1, 2]);
    expect(second.result.project.history.map((r) => r.epoch)).toEqual([0, 1, 2]);

    const restored = (await h.call('training:checkpoint', { runId: second.runId, epoch: 1 })) as {
      epoch: number;
      project: EventPayload<'training:result'>['project'];
    };
    expect(restored.epoch).toBe(1);
    expect(restored.project.history.map((r) => r.epoch)).toEqual([0, 1]);
    expect(restored.project.classNames).toEqual(['digit-0', 'digit-1', 'digit-7']);
    expect(restored.project.weights).not.toEqual(second.result.project.weights);
    const last = (await h.call('training:checkpoint', { runId: second.runId, epoch: 2 })) as typeof restored;
    expect(last.project.weights).toEqual(second.result.project.weights);
    // The weights the second run started from are the first run's last epoch.
    const before = (await h.call('training:checkpoint', { runId: first.runId, best: 'val_loss' })) as typeof restored;
    expect(before.project.weights).toEqual(first.result.project.weights);
    await expect(h.call('training:checkpoint', { runId: second.runId, epoch: 9 })).rejects.toThrow(/not kept/);
  });
});
