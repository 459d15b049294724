// Sandboxed preload: the only renderer-side code that touches ipcRenderer. It exposes a narrow bridge that
// accepts only the contract's channels; the main process validates every payload and sender again.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  type Envelope,
  eventChannels,
  invokeChannels,
  PRELOAD_BRIDGE_KEY,
  type PreloadBridge,
  sendChannels,
} from '../../src-shared';

const invokable = new Set<string>(invokeChannels);
const sendable = new Set<string>(sendChannels);
const listenable = new Set<string>(eventChannels);

function unknownChannel(channel: string): Envelope<never> {
  return {
    ok: false,
    error: {
      code: 'unknown-channel',
      message: `There is no channel named ${JSON.stringify(channel)}.`,
      hint: 'Use one of the channels in src-shared/contract.ts.',
    },
  };
}

const bridge: PreloadBridge = {
  invoke(channel, payload) {
    if (typeof channel !== 'string' || !invokable.has(channel)) return Promise.resolve(unknownChannel(String(channel)));
    return ipcRenderer.invoke(channel, payload) as Promise<Envelope<unknown>>;
  },
  send(channel, payload) {
    if (typeof channel === 'string' && sendable.has(channel)) ipcRenderer.send(channel, payload);
  },
  on(channel, listener) {
    if (typeof channel !== 'string' || !listenable.has(channel))
      throw new Error(`There is no event channel named ${JSON.stringify(channel)}.`);
    // Never hand the IpcRendererEvent (and its sender) to the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.off(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld(PRELOAD_BRIDGE_KEY, bridge);
