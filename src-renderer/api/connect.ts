// Picks the transport for this page: the preload bridge inside Electron, else the browser-mode WebSocket
// authenticated with the token from the page URL (or the cookie the server set with the page).
import { PRELOAD_BRIDGE_KEY, type PreloadBridge } from '../../src-shared';
import { createElectronApi } from './electron-transport';
import type { FilterbankApi } from './filterbank-api';
import { createWebSocketApi } from './websocket-transport';

export const SOCKET_PATH = '/ws';

export function connectFilterbank(): FilterbankApi {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[PRELOAD_BRIDGE_KEY];
  if (bridge) return createElectronApi(bridge);

  const page = new URL(window.location.href);
  const token = page.searchParams.get('token');
  const socketUrl = new URL(SOCKET_PATH, page);
  socketUrl.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token) {
    socketUrl.searchParams.set('token', token);
    // Keep the secret out of the address bar and history; the session cookie covers reloads.
    page.searchParams.delete('token');
    window.history.replaceState(null, '', page.pathname + page.search + page.hash);
  }
  return createWebSocketApi({ url: socketUrl.href });
}
