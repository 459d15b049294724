// The renderer's WebSocket transport (src-renderer/api) against the real browser-mode server (src-main/server).
// It lives in e2e/ because it spans both trees, and it needs Node (the `ws` client, the server); vitest runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { EventPayload } from '../src-shared';
import { createWebSocketApi, type SocketLike } from '../src-renderer/api/websocket-transport';
import { FilterbankError, type ConnectionStatus, type FilterbankApi } from '../src-renderer/api/filterbank-api';
import { startBrowserMode, type BrowserMode } from '../src-main/server/browser-host';
import { encodeImage, mnistDigits } from '../src-engine/data/testing/fixtures';
import { compileModel } from '../src-engine/model/executor';
import { encodeWeights } from '../src-engine/model/project-file';
import { createReferenceEngine } from '../src-engine/train/reference-engine';

let dir: string;
let mode: BrowserMode;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'filterbank-transport-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  mode = await startBrowserMode({
    rendererDir: join(dir, 'renderer'),
    port: 0,
    dataDir: join(dir, 'data'),
    root: dir,
    log: () => undefined,
  });
});
afterAll(async () => {
  await mode.close();
  await rm(dir, { recursive: true, force: true });
});

function open(token = mode.server.token) {
  const sockets: WebSocket[] = [];
  const statuses: ConnectionStatus[] = [];
  const api = createWebSocketApi({
    url: `ws://127.0.0.1:${mode.server.port}/ws?token=${token}`,
    createSocket: (url) => {
      const ws = new WebSocket(url);
      sockets.push(ws);
      return ws as unknown as SocketLike;
    },
    initialDelayMs: 20,
    connectTimeoutMs: 2000,
  });
  api.onConnection((s) => statuses.push(s));
  return { api, sockets, statuses };
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

async function rejection(promise: Promise<unknown>): Promise<FilterbankError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FilterbankError);
  return error as FilterbankError;
}

describe('WebSocket transport', () => {
  let api: FilterbankApi;
  afterAll(() => api?.close());

  it('queues calls made while connecting and answers them with typed results', async () => {
    ({ api } = open());
    expect(api.connection().state).toBe('connecting');
    const info = await api.invoke('app:info');
    expect(info.host).toBe('browser');
    expect(api.connection()).toEqual({ state: 'open', reason: null, attempt: 0 });
    expect(await api.invoke('files:list', { path: dir, include: 'directories' })).toMatchObject({
      path: dir,
      entries: [{ name: 'renderer', kind: 'directory' }],
    });
  });

  it('surfaces service errors and malformed payloads as FilterbankError with code, hint and issues', async () => {
    const missing = await rejection(api.invoke('project:open', { path: join(dir, 'none.filterbank') }));
    expect(missing).toMatchObject({ code: 'not-found', channel: 'project:open', hint: expect.any(String) });
    const malformed = await rejection(
      (api.invoke as (c: string, a: unknown) => Promise<unknown>)('files:list', { path: 'relative' }),
    );
    expect(malformed.code).toBe('invalid-payload');
    expect(malformed.issues[0]!.path).toBe('path');
    const errors: FilterbankError[] = [];
    api.onError((e) => errors.push(e));
    (api.send as (c: string, a: unknown) => void)('app:log', { level: 'shout' });
    await until(() => errors.length > 0, 'the send error');
    expect(errors[0]!.code).toBe('invalid-payload');
  });

  it('delivers events, with feature maps as Uint8Array', async () => {
    const states: EventPayload<'training:state'>[] = [];
    const maps: EventPayload<'training:featureMaps'>[] = [];
    const offState = api.on('training:state', (p) => states.push(p));
    api.on('training:featureMaps', (p) => maps.push(p));
    mode.services.events.emit('training:state', { runId: 'run-1', state: 'running', error: null, at: 'now' });
    mode.services.events.emit('training:featureMaps', {
      runId: 'run-1',
      epoch: 0,
      batch: 1,
      maps: [{ layer: 'c', kind: 'activation', shape: [1, 1, 2, 1], min: 0, max: 2, values: new Uint8Array([0, 255]) }],
    });
    await until(() => states.length === 1 && maps.length === 1, 'events');
    expect(states[0]).toEqual({ runId: 'run-1', state: 'running', error: null, at: 'now' });
    expect(maps[0]!.maps[0]!.values).toBeInstanceOf(Uint8Array);
    expect(Array.from(maps[0]!.maps[0]!.values)).toEqual([0, 255]);
    offState();
    mode.services.events.emit('training:state', { runId: 'run-1', state: 'paused', error: null, at: 'now' });
    await new Promise((r) => setTimeout(r, 50));
    expect(states).toHaveLength(1);
  });

  it('carries image bytes both ways: image:read answers a Uint8Array, model:predict takes dropped bytes', async () => {
    const [digit] = mnistDigits(1)[3]!;
    const png = await encodeImage(digit!, 'png');
    const file = join(dir, 'three.png');
    await writeFile(file, png);
    const image = await api.invoke('image:read', { path: file });
    expect(image.mime).toBe('image/png');
    expect(image.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(image.data)).toEqual(Array.from(png));

    // The initial project with weights from the engine's initialisers: a runnable (if untrained) model.
    const { project } = await api.invoke('project:initial');
    const engine = createReferenceEngine({
      model: compileModel(project.graph),
      optimizer: { name: 'adam' },
      loss: 'sparse_categorical_crossentropy',
      seed: 1,
    });
    const runnable = {
      ...project,
      weights: encodeWeights(await engine.getWeights()),
      classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    };
    const prediction = await api.invoke('model:predict', {
      project: runnable,
      image: { kind: 'bytes', name: 'three.png', data: png },
    });
    expect(prediction.probabilities).toHaveLength(10);
    expect(prediction.pixels).toBeInstanceOf(Uint8Array);
    expect(Array.from(prediction.pixels)).toEqual(Array.from(digit!.data));
  });

  it('rejects calls in flight when the connection drops, reconnects, and sends calls made meanwhile', async () => {
    const client = open();
    await client.api.invoke('app:info');
    const inFlight = client.api.invoke('training:list');
    client.sockets[0]!.terminate();
    expect((await rejection(inFlight)).code).toBe('connection-lost');
    expect(client.api.connection().state).toBe('reconnecting');
    const meanwhile = client.api.invoke('training:list');
    expect(await meanwhile).toEqual({ runs: [] });
    expect(client.sockets.length).toBeGreaterThanOrEqual(2);
    expect(client.statuses.map((s) => s.state)).toEqual(['open', 'reconnecting', 'open']);
    client.api.close();
    await until(() => client.api.connection().state === 'closed', 'closed');
    expect((await rejection(client.api.invoke('app:info'))).code).toBe('disconnected');
  });

  it(
    'stops at "refused" with the server\'s reason when ' + 'the token is wrong, and rejects calls as unauthorized',
    async () => {
      const client = open('wrong-token');
      const call = client.api.invoke('app:info');
      const error = await rejection(call);
      expect(error.code).toBe('unauthorized');
      expect(error.message).toMatch(/Unauthorized: missing or wrong token/);
      expect(client.api.connection()).toMatchObject({
        state: 'refused',
        reason: expect.stringMatching(/Unauthorized/),
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(client.sockets).toHaveLength(1);
    },
  );
});
