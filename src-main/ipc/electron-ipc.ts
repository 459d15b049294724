// The only main-process file that touches ipcMain / webContents.send: it connects Electron's IPC to the
// transport-agnostic router and to the event hub.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { eventChannels, invokeChannels, sendChannels, type EventChannel, type EventPayload } from '../../src-shared';
import type { IpcRouter, Sender } from './router';
import type { EventHub } from '../services/event-hub';

function senderOf(event: IpcMainEvent | IpcMainInvokeEvent): Sender {
  // Only the top frame is the app; a subframe (there should be none) is never trusted.
  const frame = event.senderFrame;
  return { url: frame && frame.parent === null ? frame.url : '' };
}

export function registerIpc(ipcMain: IpcMain, router: IpcRouter): () => void {
  for (const channel of invokeChannels)
    ipcMain.handle(channel, (event, payload: unknown) => router.handle(channel, payload, senderOf(event)));
  const listeners = sendChannels.map((channel) => {
    const listener = (event: IpcMainEvent, payload: unknown) =>
      void router.handleSend(channel, payload, senderOf(event));
    ipcMain.on(channel, listener);
    return [channel, listener] as const;
  });
  return () => {
    for (const channel of invokeChannels) ipcMain.removeHandler(channel);
    for (const [channel, listener] of listeners) ipcMain.off(channel, listener);
  };
}

/** Forwards every service event to the windows `targets()` returns. */
export function forwardEvents(events: EventHub, targets: () => WebContents[]): () => void {
  return events.subscribe(<C extends EventChannel>(channel: C, payload: EventPayload<C>) => {
    if (!eventChannels.includes(channel)) return;
    for (const contents of targets()) if (!contents.isDestroyed()) contents.send(channel, payload);
  });
}
