// The renderer is served from filterbank://app/ rather than file://, so it has a real origin that sender
// checks can compare against, and every response carries the same CSP header as browser mode.
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { securityHeaders } from '../security/csp';
import { contentTypeFor, resolveStaticFile } from '../server/static-files';

export const APP_SCHEME = 'filterbank';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function serveAppProtocol(rendererDir: string): void {
  const headers = securityHeaders();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? await resolveStaticFile(rendererDir, url.pathname) : null;
    if (!file)
      return new Response(`Not found: ${url.pathname}`, {
        status: 404,
        headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
      });
    const body = await net.fetch(pathToFileURL(file).href);
    return new Response(body.body, { status: 200, headers: { ...headers, 'Content-Type': contentTypeFor(file) } });
  });
}
