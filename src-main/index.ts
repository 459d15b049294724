// Electron main process: hosts the Services for the app window.
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { createInvokeHandlers, createSendHandlers } from './ipc/handlers';
import { createIpcRouter } from './ipc/router';
import { forwardEvents, registerIpc } from './ipc/electron-ipc';
import { ProjectFileSchema } from '../src-engine';
import { createServices, type Services } from './app/services';
import { contentSecurityPolicy } from './security/csp';
import { APP_ORIGIN, APP_START_URL, registerAppScheme, serveAppProtocol } from './electron/app-protocol';
import { electronDialogs } from './electron/dialogs';
import { hardenWebContents } from './electron/hardening';
import { createMainWindow } from './electron/main-window';
import { forkUtilityProcess } from './electron/utility-process';

registerAppScheme();
app.enableSandbox();

// electron-vite dev serves the renderer from its dev server; only an unpackaged app may use it.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
const isAppUrl = (url: string) =>
  url.startsWith(`${APP_ORIGIN}/`) || (devOrigin !== null && url.startsWith(`${devOrigin}/`));

let mainWindow: BrowserWindow | null = null;
let services: Services | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  void app.whenReady().then(start);
}

function start(): void {
  hardenWebContents(isAppUrl);
  serveAppProtocol(fileURLToPath(new URL('../renderer', import.meta.url)));
  if (devOrigin) {
    const csp = contentSecurityPolicy({ dev: true });
    session.defaultSession.webRequest.onHeadersReceived({ urls: [`${devOrigin}/*`] }, (details, callback) =>
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } }),
    );
  }

  const hosted = createServices({
    host: 'electron',
    appName: 'Filterbank',
    appVersion: app.getVersion(),
    versions: { node: process.versions.node, electron: process.versions.electron, chrome: process.versions.chrome },
    dataDir: app.getPath('userData'),
    trainingWorker: new URL('./training-worker.js', import.meta.url),
    engineWorker: new URL('./engine-worker.js', import.meta.url),
    glProcess: { entry: new URL('./gl-process.js', import.meta.url), launch: forkUtilityProcess },
    dialogs: electronDialogs(() => mainWindow),
    projectSchema: ProjectFileSchema,
  });
  services = hosted;
  registerIpc(
    ipcMain,
    createIpcRouter({
      invoke: createInvokeHandlers(hosted),
      send: createSendHandlers(hosted),
      isTrustedSender: isAppUrl,
    }),
  );
  forwardEvents(hosted.events, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  openWindow(hosted);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(hosted);
  });
}

function openWindow(hosted: Services): void {
  mainWindow = createMainWindow({
    preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
    startUrl: devServerUrl ?? APP_START_URL,
    services: hosted,
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void services?.dispose();
});
