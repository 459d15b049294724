import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { invokeChannels, invokeContract, type InvokeChannel } from '../../src-shared';
import { createIpcRouter, type InvokeHandlers, type SendHandlers } from './router';
import { createTestHost, trustedSender, type TestHost } from './test-services';
import { digitDataset, smallCnn, trainingJob } from '../testing/ml-fixtures';

let host: TestHost;
beforeEach(async () => {
  host = await createTestHost();
});
afterEach(async () => {
  await host.dispose();
});

/** A payload that passes each channel's schema, to show that rejection is due to the sender alone. */
function validPayload(channel: InvokeChannel, dir: string): unknown {
  const samples: Record<InvokeChannel, unknown> = {
    'app:info': undefined,
    'dialog:pick': { purpose: 'open-project' },
    'files:list': { path: dir },
    'files:mkdir': { parent: dir, name: 'made-by-an-intruder' },
    'project:open': { path: join(dir, 'a.filterbank') },
    'model:import': { path: join(dir, 'model.json') },
    'project:save': { path: join(dir, 'written-by-an-intruder.filterbank'), project: {} },
    'project:autosave': { documentPath: null, project: {} },
    'project:listRecovery': undefined,
    'project:listRecent': undefined,
    'project:openRecovery': { id: 'doc-abc' },
    'project:discardRecovery': { id: 'doc-abc' },
    'project:initial': undefined,
    'dataset:sample': undefined,
    'dataset:report': { dataset: digitDataset(dir) },
    'dataset:preview': { dataset: digitDataset(null), augmented: true },
    'image:read': { path: join(dir, 'a.png') },
    'engine:backends': undefined,
    'model:evaluate': { project: smallCnn(3), dataset: digitDataset(dir) },
    'model:predict': {
      project: smallCnn(3),
      image: { kind: 'bytes', name: 'drop.png', data: new Uint8Array([137, 80, 78, 71]) },
    },
    'training:start': { job: trainingJob(smallCnn(3), dir) },
    'training:pause': { runId: 'run-x' },
    'training:resume': { runId: 'run-x' },
    'training:stop': { runId: 'run-x' },
    'training:checkpoint': { runId: 'run-x', best: 'val_loss' },
    'training:list': undefined,
    'export:run': { format: 'project', directory: dir, name: 'intruder', project: {} },
    'export:reveal': { path: join(dir, 'a.py') },
  };
  return samples[channel];
}

describe('IPC router', () => {
  it('has a sample payload that passes the schema for every invoke channel', () => {
    for (const channel of invokeChannels)
      expect(invokeContract[channel].args.safeParse(validPayload(channel, host.dataDir)).success, channel).toBe(true);
  });

  it.each(invokeChannels)(
    'rejects %s from a frame that is not the app, without running the handler',
    async (channel) => {
      for (const url of ['https://evil.example/', 'file:///tmp/page.html', '', 'filterbank://app.evil/']) {
        const envelope = await host.router.handle(channel, validPayload(channel, host.dataDir), { url });
        expect(envelope).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
      }
      expect(host.dialogCalls).toEqual([]);
      expect(host.services.training.list()).toEqual([]);
      await expect(stat(join(host.dataDir, 'written-by-an-intruder.filterbank'))).rejects.toMatchObject({
        code: 'ENOENT',
      });
      await expect(stat(join(host.dataDir, 'recovery'))).rejects.toMatchObject({ code: 'ENOENT' });
      expect(host.logs.join('\n')).toMatch(/untrusted sender/);
    },
  );

  it('rejects unknown channels, including prototype names', async () => {
    for (const channel of ['nope:nothing', '__proto__', 'constructor', 'toString']) {
      expect(await host.router.handle(channel, {}, trustedSender)).toMatchObject({
        ok: false,
        error: { code: 'unknown-channel' },
      });
      expect(host.router.handleSend(channel, {}, trustedSender)).toMatchObject({ code: 'unknown-channel' });
    }
  });

  it.each([
    ['app:info', { unexpected: true }, '(payload)'],
    ['dialog:pick', { purpose: 'format-disk' }, 'purpose'],
    ['files:list', { path: 'relative/path' }, 'path'],
    ['files:list', { path: 42 }, 'path'],
    ['project:open', {}, 'path'],
    ['project:open', { path: '/a\0b' }, 'path'],
    ['project:save', { path: '/tmp/x.filterbank', project: {}, extra: 1 }, '(payload)'],
    ['project:openRecovery', { id: '../../etc/passwd' }, 'id'],
    ['project:initial', { template: 7 }, 'template'],
    ['dataset:sample', { path: '/x' }, '(payload)'],
    ['dataset:report', { path: '/data' }, 'dataset'],
    [
      'dataset:report',
      { dataset: { path: 'relative', preprocessing: { height: 28, width: 28, channels: 1 } } },
      'dataset.path',
    ],
    [
      'dataset:report',
      { dataset: { path: null, preprocessing: { height: 28, width: 28, channels: 2 } } },
      'dataset.preprocessing.channels',
    ],
    [
      'dataset:report',
      { dataset: { path: null, preprocessing: { height: 28, width: 28, channels: 1 } }, validationSplit: 1.5 },
      'validationSplit',
    ],
    [
      'dataset:preview',
      { dataset: { path: null, preprocessing: { height: 28, width: 28, channels: 1 } }, perClass: 1000 },
      'perClass',
    ],
    [
      'dataset:preview',
      {
        dataset: {
          path: null,
          preprocessing: { height: 28, width: 28, channels: 1 },
          augmentation: { rotationRange: 720 },
        },
      },
      'dataset.augmentation.rotationRange',
    ],
    ['image:read', { path: 'cat.png' }, 'path'],
    ['engine:backends', { backend: 'webgpu' }, '(payload)'],
    [
      'model:evaluate',
      {
        project: { format: 'filterbank-project', version: 1 },
        dataset: { path: null, preprocessing: { height: 28, width: 28, channels: 1 } },
      },
      'project.graph',
    ],
    [
      'model:evaluate',
      {
        project: { format: 'filterbank-project', version: 1, graph: { nodes: [] } },
        dataset: { path: null, preprocessing: { height: 28, width: 28, channels: 1 } },
        subset: 'test',
      },
      'subset',
    ],
    [
      'model:predict',
      {
        project: { format: 'filterbank-project', version: 1, graph: { nodes: [] } },
        image: { kind: 'url', path: 'http://x' },
      },
      'image.kind',
    ],
    [
      'model:predict',
      {
        project: { format: 'filterbank-project', version: 1, graph: { nodes: [] } },
        image: { kind: 'bytes', name: 'x.png', data: 'iVBORw0' },
      },
      'image.data',
    ],
    [
      'training:start',
      { job: { project: {}, datasetPath: '/d', options: { epochs: 0, batchSize: 1 } } },
      'job.settings',
    ],
    [
      'training:start',
      {
        job: {
          project: { format: 'filterbank-project', version: 1, graph: { nodes: [] } },
          settings: { epochs: 0 },
          dataset: { path: null, preprocessing: { height: 28, width: 28, channels: 1 } },
        },
      },
      'job.settings.epochs',
    ],
    [
      'training:start',
      {
        job: {
          project: { format: 'filterbank-project', version: 1, graph: { nodes: [] } },
          settings: {},
          dataset: { path: null, preprocessing: { height: 28, width: 28, channels: 1 } },
          pinnedSample: { kind: 'file', path: 'x.png' },
        },
      },
      'job.pinnedSample.path',
    ],
    ['training:pause', { runId: 'not-a-run' }, 'runId'],
    ['export:run', { format: 'tfjs', directory: '/tmp', name: '../escape', project: {} }, 'name'],
    ['export:run', { format: 'onnx', directory: '/tmp', name: 'm', project: {} }, 'format'],
  ] as const)('rejects a malformed %s payload with the failing field', async (channel, payload, path) => {
    const envelope = await host.router.handle(channel, payload, trustedSender);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('invalid-payload');
    expect(envelope.error.issues?.map((i) => i.path)).toContain(path);
    expect(envelope.error.hint).toBeTruthy();
  });

  it('validates send payloads and senders', async () => {
    expect(
      host.router.handleSend('app:log', { level: 'error', message: 'boom', detail: 'stack' }, trustedSender),
    ).toBeNull();
    expect(host.logs.at(-1)).toBe('[renderer error] boom\n  | stack');
    expect(host.router.handleSend('app:log', { level: 'panic', message: 'x' }, trustedSender)).toMatchObject({
      code: 'invalid-payload',
    });
    expect(
      host.router.handleSend('project:changed', { title: 'x', dirty: true }, { url: 'https://evil.example/' }),
    ).toMatchObject({ code: 'untrusted-sender' });
    expect(host.services.document).toEqual({ title: 'Untitled', dirty: false });
  });

  it(
    'turns a handler result outside the contract into an ' + 'internal error, and a thrown bug into an internal error',
    async () => {
      const logs: string[] = [];
      const invoke = {
        'app:info': () => ({ name: 'Filterbank' }),
        'training:list': () => {
          throw new TypeError('x is undefined');
        },
      } as unknown as InvokeHandlers;
      const router = createIpcRouter({
        invoke,
        send: {} as SendHandlers,
        isTrustedSender: () => true,
        log: (m) => logs.push(m),
      });
      expect(await router.handle('app:info', undefined, trustedSender)).toMatchObject({
        ok: false,
        error: { code: 'internal' },
      });
      expect(await router.handle('training:list', undefined, trustedSender)).toMatchObject({
        ok: false,
        error: { code: 'internal', message: expect.stringMatching(/x is undefined/) },
      });
      expect(logs.join('\n')).toMatch(/outside its contract/);
    },
  );

  it('applies schema defaults before the handler runs', async () => {
    const seen: unknown[] = [];
    const invoke = {
      'files:list': (args: unknown) => (seen.push(args), { path: '/', parent: null, entries: [], truncated: false }),
    } as unknown as InvokeHandlers;
    const router = createIpcRouter({ invoke, send: {} as SendHandlers, isTrustedSender: () => true });
    expect(await router.handle('files:list', {}, trustedSender)).toMatchObject({ ok: true });
    expect(seen).toEqual([{ include: 'all' }]);
  });
});
