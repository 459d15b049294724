// Test helper: real Services over a temporary data folder, hosted by the real router, as the browser and
// Electron hosts do. Only the dialogs are fake (a test cannot click a native dialog).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import type { DialogPurpose, EventChannel, EventPayload } from '../../src-shared';
import { createInvokeHandlers, createSendHandlers } from './handlers';
import { createIpcRouter, type IpcRouter, type Sender } from './router';
import { createServices, type Dialogs, type Services } from '../app/services';
import { writeSmallSample } from '../testing/ml-fixtures';

export const APP_ORIGIN = 'filterbank://app';
export const trustedSender: Sender = { url: `${APP_ORIGIN}/index.html` };

export interface TestHost {
  services: Services;
  router: IpcRouter;
  dataDir: string;
  events: { channel: EventChannel; payload: EventPayload<EventChannel> }[];
  logs: string[];
  dialogCalls: { purpose: DialogPurpose; defaultPath?: string }[];
  /** The paths the fake desktop shell was asked to show in their folder. */
  revealed: string[];
  /** Invokes through the router as the trusted app page and unwraps the envelope. */
  call(channel: string, payload?: unknown): Promise<unknown>;
  dispose(): Promise<void>;
}

export interface TestHostOptions {
  dialogs?: boolean;
  projectSchema?: z.ZodType;
  /** Default: the real training worker (src-main/training/training-worker.ts). */
  trainingWorker?: URL;
  /** Writes this many digits per class as the sample dataset (the real one has 10,000 images). */
  sampleDigits?: number;
  /** Electron host: start as if the user had picked the temp folder in a dialog (default true). */
  grantDataDir?: boolean;
  /** What the fake native dialog answers (default: '/picked/by/the/user', or null for save-project). */
  pick?: (purpose: DialogPurpose) => string | null;
  /** Reuse a data folder (a restart of the app); it is still removed by dispose. */
  dataDir?: string;
}

export async function createTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'filterbank-services-')));
  const datasetCacheDir = join(dataDir, 'datasets');
  if (options.sampleDigits) await writeSmallSample(datasetCacheDir, options.sampleDigits);
  const logs: string[] = [];
  const dialogCalls: TestHost['dialogCalls'] = [];
  const revealed: string[] = [];
  const dialogs: Dialogs = {
    async pick(purpose, defaultPath) {
      dialogCalls.push({ purpose, ...(defaultPath ? { defaultPath } : {}) });
      if (options.pick) return options.pick(purpose);
      return purpose === 'save-project' ? null : '/picked/by/the/user';
    },
    reveal: (path) => void revealed.push(path),
  };
  const services = createServices({
    host: options.dialogs === false ? 'browser' : 'electron',
    appName: 'Filterbank',
    appVersion: '0.1.0-test',
    versions: { node: process.versions.node, electron: null, chrome: null },
    dataDir,
    // Browser mode serves the temp folder; in Electron the test stands for a user who picked it in a dialog.
    root: dataDir,
    datasetCacheDir,
    trainingWorker: options.trainingWorker ?? new URL('../training/training-worker.ts', import.meta.url),
    engineWorker: new URL('../engine-worker/engine-worker.ts', import.meta.url),
    dialogs: options.dialogs === false ? null : dialogs,
    log: (m) => logs.push(m),
    ...(options.projectSchema ? { projectSchema: options.projectSchema } : {}),
  });
  if (options.dialogs !== false && options.grantDataDir !== false)
    await services.paths.grant(dataDir, 'folder', ['read', 'write', 'list']);
  const events: TestHost['events'] = [];
  services.events.subscribe((channel, payload) =>
    events.push({ channel, payload: payload as EventPayload<EventChannel> }),
  );
  const router = createIpcRouter({
    invoke: createInvokeHandlers(services),
    send: createSendHandlers(services),
    isTrustedSender: (url) => url.startsWith(`${APP_ORIGIN}/`),
    log: (m) => logs.push(m),
  });
  return {
    services,
    router,
    dataDir,
    events,
    logs,
    dialogCalls,
    revealed,
    async call(channel, payload) {
      const envelope = await router.handle(channel, payload, trustedSender);
      if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
      return envelope.value;
    },
    async dispose() {
      await services.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
