// Browser mode as one call: the Services under plain Node, hosted by the token-protected server. Used by
// serve.ts, the server tests and the Playwright e2e tests.
import { readFileSync } from 'node:fs';
import { createInvokeHandlers, createSendHandlers } from '../ipc/handlers';
import { createIpcRouter } from '../ipc/router';
import { ProjectFileSchema } from '../../src-engine';
import { createServices, type Services } from '../app/services';
import { forkNodeProcess } from '../training/process-host';
import { defaultDataDir } from '../services/data-dir';
import { startBrowserServer, type BrowserServer } from './browser-server';

export interface BrowserModeOptions {
  rendererDir: string;
  port?: number;
  strictPort?: boolean;
  /** Largest message a page may send (default MAX_CLIENT_MESSAGE_BYTES); tests lower it. */
  maxMessageBytes?: number;
  dataDir?: string;
  /**
   * The folder whose contents the browser may use (paths outside it
   * are refused): serve.ts passes --root; default the home folder.
   */
  root?: string;
  trainingWorker?: URL;
  engineWorker?: URL;
  log?: (message: string) => void;
}

export interface BrowserMode {
  server: BrowserServer;
  services: Services;
  close(): Promise<void>;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const log = options.log ?? ((message: string) => console.log(message));
  const services = createServices({
    host: 'browser',
    appName: 'Filterbank',
    appVersion: packageVersion(),
    versions: { node: process.versions.node, electron: null, chrome: null },
    dataDir: options.dataDir ?? defaultDataDir(),
    ...(options.root !== undefined ? { root: options.root } : {}),
    trainingWorker: options.trainingWorker ?? new URL('../training/training-worker.ts', import.meta.url),
    engineWorker: options.engineWorker ?? new URL('../engine-worker/engine-worker.ts', import.meta.url),
    glProcess: { entry: new URL('../training/gl-process.ts', import.meta.url), launch: forkNodeProcess },
    dialogs: null,
    projectSchema: ProjectFileSchema,
    log,
  });
  const server = await startBrowserServer({
    rendererDir: options.rendererDir,
    events: services.events,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.strictPort !== undefined ? { strictPort: options.strictPort } : {}),
    ...(options.maxMessageBytes !== undefined ? { maxMessageBytes: options.maxMessageBytes } : {}),
    log,
    createRouter: (origin) =>
      createIpcRouter({
        invoke: createInvokeHandlers(services),
        send: createSendHandlers(services),
        isTrustedSender: (url) => url === `${origin}/`,
        log,
      }),
  }).catch(async (error: unknown) => {
    await services.dispose();
    throw error;
  });
  return {
    server,
    services,
    async close() {
      await server.close();
      await services.dispose();
    },
  };
}
