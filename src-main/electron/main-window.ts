// The main window: sandboxed, context-isolated, no Node in the page; its title follows the document.
import { BrowserWindow, dialog } from 'electron';
import type { Services } from '../app/services';

export function createMainWindow(options: { preload: string; startUrl: string; services: Services }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'Filterbank',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());

  const unsubscribe = options.services.onDocumentChanged(({ title, dirty }) => {
    if (window.isDestroyed()) return;
    window.setTitle(`${dirty ? '● ' : ''}${title} — Filterbank`);
    window.setDocumentEdited(dirty);
  });
  window.on('close', (event) => {
    if (!options.services.document.dirty) return;
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      buttons: ['Keep editing', 'Close without saving'],
      defaultId: 0,
      cancelId: 0,
      message: `${options.services.document.title} has unsaved changes.`,
      detail: 'An autosaved copy is kept and offered the next time you open the project.',
    });
    if (choice === 0) event.preventDefault();
  });
  window.on('closed', unsubscribe);
  void window.loadURL(options.startUrl);
  return window;
}
