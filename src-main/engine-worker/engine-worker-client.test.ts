import { afterEach, describe, expect, it } from 'vitest';
import { IpcError } from '../../src-shared';
import { EngineWorkerClient } from './engine-worker-client';

let client: EngineWorkerClient | null = null;
afterEach(async () => {
  await client?.dispose();
  client = null;
});

function setup() {
  const logs: string[] = [];
  client = new EngineWorkerClient({
    workerFile: new URL('./fixtures/scripted-engine-worker.ts', import.meta.url),
    resourceLimits: {},
    log: (m) => logs.push(m),
  });
  return { client, logs };
}
/** The scripted worker ignores the arguments' shape. */
const args = (value: object) => value as never;

describe('EngineWorkerClient', () => {
  it('forwards calls to one worker thread and turns error replies into IpcErrors or plain errors (bugs)', async () => {
    const { client } = setup();
    const a = (await client.call('dataset:preview', args({ perClass: 2 }))) as unknown as {
      threadId: number;
      args: unknown;
    };
    const b = (await client.call('dataset:preview', args({ perClass: 3 }))) as unknown as { threadId: number };
    expect(a.args).toEqual({ perClass: 2 });
    expect(b.threadId).toBe(a.threadId);
    const refused = await client.call('model:evaluate', args({})).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(IpcError);
    expect(refused).toMatchObject({ code: 'invalid-model', hint: 'Train it first.' });
    const bug = await client.call('model:predict', args({})).catch((e: unknown) => e);
    expect(bug).not.toBeInstanceOf(IpcError);
    expect(bug).toMatchObject({ message: 'x is undefined', stack: expect.stringMatching(/at predict/) });
  });

  it('keeps the main thread free while the worker is busy', async () => {
    const { client } = setup();
    await client.call('dataset:preview', args({}));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await client.call('dataset:preview', args({ spinMs: 400 }));
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(10);
  });

  it('fails the calls of a thread that dies and starts a new thread for the next call', async () => {
    const { client } = setup();
    const before = (await client.call('dataset:preview', args({}))) as unknown as { threadId: number };
    await expect(client.call('dataset:report', args({}))).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/exited \(code 3\)/),
    });
    const after = (await client.call('dataset:preview', args({}))) as unknown as { threadId: number };
    expect(after.threadId).not.toBe(before.threadId);
  });
});
