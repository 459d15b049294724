// The ipcMain wrapper with a stand-in for Electron's ipcMain: every contract channel is registered, and the
// sender is the top frame's URL (a subframe or a destroyed frame is never trusted).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcMain, WebContents } from 'electron';
import { invokeChannels, sendChannels } from '../../src-shared';
import { forwardEvents, registerIpc } from './electron-ipc';
import { createTestHost, type TestHost } from './test-services';

type Handler = (event: unknown, payload: unknown) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
    on: (channel: string, listener: Handler) => listeners.set(channel, listener),
    off: (channel: string) => listeners.delete(channel),
  };
  return { ipcMain: ipcMain as unknown as IpcMain, handlers, listeners };
}

const topFrame = (url: string) => ({ senderFrame: { url, parent: null } });

let host: TestHost;
beforeEach(async () => {
  host = await createTestHost();
});
afterEach(async () => {
  await host.dispose();
});

describe('Electron IPC wrapper', () => {
  it('registers exactly the contract channels and removes them again', () => {
    const fake = fakeIpcMain();
    const unregister = registerIpc(fake.ipcMain, host.router);
    expect([...fake.handlers.keys()].sort()).toEqual([...invokeChannels].sort());
    expect([...fake.listeners.keys()].sort()).toEqual([...sendChannels].sort());
    unregister();
    expect(fake.handlers.size + fake.listeners.size).toBe(0);
  });

  it('trusts the top frame of the app page only', async () => {
    const fake = fakeIpcMain();
    registerIpc(fake.ipcMain, host.router);
    const appInfo = fake.handlers.get('app:info')!;
    expect(await appInfo(topFrame('filterbank://app/index.html'), undefined)).toMatchObject({ ok: true });
    expect(await appInfo(topFrame('https://evil.example/'), undefined)).toMatchObject({
      ok: false,
      error: { code: 'untrusted-sender' },
    });
    const subframe = {
      senderFrame: { url: 'filterbank://app/index.html', parent: { url: 'filterbank://app/index.html' } },
    };
    expect(await appInfo(subframe, undefined)).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    expect(await appInfo({ senderFrame: null }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'untrusted-sender' },
    });
    fake.listeners.get('project:changed')!(topFrame('https://evil.example/'), { title: 'x', dirty: true });
    expect(host.services.document.dirty).toBe(false);
    fake.listeners.get('project:changed')!(topFrame('filterbank://app/index.html'), { title: 'x', dirty: true });
    expect(host.services.document).toEqual({ title: 'x', dirty: true });
  });

  it('forwards service events to live windows only', () => {
    const sent: [string, unknown][] = [];
    const live = {
      isDestroyed: () => false,
      send: (channel: string, payload: unknown) => sent.push([channel, payload]),
    };
    const dead = {
      isDestroyed: () => true,
      send: () => {
        throw new Error('sent to a destroyed window');
      },
    };
    const stop = forwardEvents(host.services.events, () => [live, dead] as unknown as WebContents[]);
    const payload = { runId: 'run-a', state: 'running' as const, error: null, at: 'now' };
    host.services.events.emit('training:state', payload);
    stop();
    host.services.events.emit('training:state', payload);
    expect(sent).toEqual([['training:state', payload]]);
  });
});
