// The renderer's WebSocket transport against a server with a lowered message limit: a project too large for
// browser mode must get a clear message, not a generic "connection lost".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createWebSocketApi, type SocketLike } from '../src-renderer/api/websocket-transport';
import { FilterbankError, type FilterbankApi } from '../src-renderer/api/filterbank-api';
import { startBrowserMode, type BrowserMode } from '../src-main/server/browser-host';

const LIMIT = 64 * 1024;
let dir: string;
let mode: BrowserMode;
const logs: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'filterbank-limits-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  const log = (m: string) => logs.push(m);
  mode = await startBrowserMode({
    rendererDir: join(dir, 'renderer'),
    port: 0,
    dataDir: join(dir, 'data'),
    root: dir,
    maxMessageBytes: LIMIT,
    log,
  });
});
afterAll(async () => {
  await mode.close();
  await rm(dir, { recursive: true, force: true });
});

function open(maxMessageBytes?: number): FilterbankApi {
  return createWebSocketApi({
    url: `ws://127.0.0.1:${mode.server.port}/ws?token=${mode.server.token}`,
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    initialDelayMs: 20,
    connectTimeoutMs: 2000,
    ...(maxMessageBytes !== undefined ? { maxMessageBytes } : {}),
  });
}

/** A project whose weights make the message about `bytes` long. */
const bigProject = (bytes: number) => ({
  format: 'filterbank-project',
  weights: { dense: { kernel: { shape: [bytes], data: 'A'.repeat(bytes) } } },
});

async function rejection(promise: Promise<unknown>): Promise<FilterbankError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FilterbankError);
  return error as FilterbankError;
}

describe('WebSocket transport message limit', () => {
  it(
    'refuses to send a message over the limit, says the ' +
      'project is too large for browser mode, and stays connected',
    async () => {
      const api = open(LIMIT);
      const error = await rejection(
        api.invoke('project:save', { path: join(dir, 'big.filterbank.json'), project: bigProject(2 * LIMIT) as never }),
      );
      expect(error.code).toBe('unsupported');
      expect(error.message).toMatch(
        /^The project is too large for browser mode: project:save would send 128\.\d KiB, over its 64\.0 KiB limit\.$/,
      );
      expect(error.hint).toMatch(/desktop app \(npm start\) or the CLI/);
      expect(api.connection().state).toBe('open');
      expect((await api.invoke('app:info')).host).toBe('browser');
      api.close();
    },
  );

  it('turns the server closing an oversized message (1009) into the same clear message, then reconnects', async () => {
    const api = open(); // a page that does not know this server's lower limit
    expect((await api.invoke('app:info')).host).toBe('browser');
    const error = await rejection(
      api.invoke('project:save', { path: join(dir, 'big.filterbank.json'), project: bigProject(2 * LIMIT) as never }),
    );
    expect(error.code).toBe('unsupported');
    expect(error.message).toMatch(
      /^The project is too large for browser mode: the server refused the 128\.\d KiB message of project:save\.$/,
    );
    expect(error.hint).toMatch(/desktop app \(npm start\) or the CLI/);
    expect(logs.join('\n')).toMatch(/The page sent a message over the 64\.0 KiB browser-mode limit/);
    expect((await api.invoke('app:info')).host).toBe('browser');
    api.close();
  });
});
