// Secure defaults for every web contents the app creates: no navigation or redirect away from the app, no new
// windows, no <webview>, no permission prompts; only Filterbank's own documentation opens in the user's browser.
import { app, session, shell } from 'electron';
import { externalLinkAllowed } from './external-links';

export function hardenWebContents(isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => {
    const stayInApp = (event: { url: string; preventDefault(): void }) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    };
    contents.on('will-navigate', stayInApp);
    contents.on('will-frame-navigate', stayInApp);
    contents.on('will-redirect', stayInApp);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (externalLinkAllowed(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
