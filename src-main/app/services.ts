// The main-process services as one object with no Electron imports: the Electron main process
// (src-main/index.ts) and browser mode (src-main/serve.ts) both host it.
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { z } from 'zod';
import { markTrainingInWorkerThreads } from '../../src-engine/node';
import type { AppInfo, DialogPurpose, ExportFormat, InvokeResult } from '../../src-shared';
import { defaultResourceLimits, TrainingSupervisor, type RunPlacement } from '../training/supervisor';
import type { WorkerTrainingJob } from '../training/training-job';
import { EngineWorkerClient } from '../engine-worker/engine-worker-client';
import { DatasetFolders } from '../services/dataset-folders';
import { cachedBackends, type GlProcess } from '../training/engine-backends';
import { EventHub } from '../services/event-hub';
import { engineExporters, projectExporter, type Exporter } from '../services/exports';
import { PathPolicy, type PathGrant } from '../services/path-policy';
import { ProjectFiles } from '../services/project-files';
import { RecentPaths } from '../services/recent-paths';

/** Native file dialogs; null where there are none (browser mode picks paths with files:list). */
export interface Dialogs {
  pick(purpose: DialogPurpose, defaultPath?: string): Promise<string | null>;
  /** Shows a file in the system's file manager (Electron's shell.showItemInFolder). */
  reveal?(path: string): void;
}

export interface DocumentState {
  title: string;
  dirty: boolean;
}

export interface ServicesOptions<P = unknown> {
  host: AppInfo['host'];
  appName: string;
  appVersion: string;
  versions: AppInfo['versions'];
  /** Per-user data folder (Electron: app.getPath('userData')); autosaves go to its recovery/ folder. */
  dataDir: string;
  /**
   * Browser mode: the folder whose contents the services may use
   * (default: the home folder). Electron uses dialog grants instead.
   */
  root?: string;
  /** The project document schema: ProjectFileSchema (src-engine/model/project-file) in both hosts. */
  projectSchema?: z.ZodType<P>;
  /** Where the sample digits are written (default: <dataDir>/datasets). */
  datasetCacheDir?: string;
  /** The training worker script (built .js, or .ts under tsx). */
  trainingWorker: URL;
  /** The engine worker script (datasets, evaluation, prediction; built .js, or .ts under tsx). */
  engineWorker: URL;
  /** How to reach headless-gl: its child-process entry (gl-process) and launcher; null where the host offers none. */
  glProcess?: GlProcess | null;
  trainingResourceLimits?: ResourceLimits;
  dialogs: Dialogs | null;
  /** Extra export formats (tfjs, typescript, keras) supplied by the engine. */
  exporters?: Partial<Record<ExportFormat, Exporter>>;
  log?: (message: string) => void;
}

export interface Services {
  readonly info: AppInfo;
  readonly events: EventHub;
  readonly projects: ProjectFiles<unknown>;
  /** Which paths from the renderer may be used: under the root (browser mode) or picked in a dialog (Electron). */
  readonly paths: PathPolicy;
  /** Recent projects and picked image folders, kept in the data folder (granted again after a restart in Electron). */
  readonly recent: RecentPaths;
  readonly training: TrainingSupervisor<WorkerTrainingJob>;
  /** Dataset folders: the user's own, or the sample digits for dataset.path null. */
  readonly datasetFolders: DatasetFolders;
  /** Dataset report / preview, evaluation and prediction, in a worker thread that keeps datasets open between calls. */
  readonly engine: EngineWorkerClient;
  /** The backends report, and where training on auto's pick runs (headless-gl: in a process of its own). */
  readonly backends: () => Promise<InvokeResult<'engine:backends'> & { placement: RunPlacement }>;
  readonly dialogs: Dialogs | null;
  readonly exporters: Partial<Record<ExportFormat, Exporter>>;
  readonly log: (message: string) => void;
  /** Title and unsaved-changes flag of the open document, as the renderer last reported it. */
  document: DocumentState;
  onDocumentChanged(listener: (state: DocumentState) => void): () => void;
  setDocument(state: DocumentState): void;
  dispose(): Promise<void>;
}

export function createServices<P>(options: ServicesOptions<P>): Services {
  // Training and evaluation run in worker threads: backends that work in one thread per process are not offered.
  markTrainingInWorkerThreads();
  const log = options.log ?? ((message: string) => console.warn(message));
  const events = new EventHub();
  const recoveryDir = join(options.dataDir, 'recovery');
  const projects = new ProjectFiles<unknown>({ schema: options.projectSchema ?? z.unknown(), recoveryDir });
  // One heap limit for both threads: each may use half the machine's memory, but they rarely peak together.
  const resourceLimits = options.trainingResourceLimits ?? defaultResourceLimits();
  const training = new TrainingSupervisor<WorkerTrainingJob>({
    workerFile: options.trainingWorker,
    emit: (channel, payload) => events.emit(channel, payload),
    resourceLimits,
    log,
    processHost: options.glProcess ?? undefined,
  });
  const datasetFolders = options.datasetCacheDir
    ? new DatasetFolders(options.datasetCacheDir)
    : DatasetFolders.forDataDir(options.dataDir);
  const recent = new RecentPaths(options.dataDir, log);
  // The sample digits and the autosaves are the app's own: readable in both hosts, whatever the user picked.
  const extra: PathGrant[] = [
    { path: datasetFolders.cacheDir, scope: 'folder', access: ['read', 'list'] },
    { path: recoveryDir, scope: 'folder', access: ['read', 'list'] },
  ];
  const paths =
    options.host === 'browser'
      ? new PathPolicy({ kind: 'root', root: options.root ?? homedir(), extra })
      : new PathPolicy({ kind: 'granted', startFolder: homedir(), extra, restored: restoredGrants(recent) });
  const engine = new EngineWorkerClient({ workerFile: options.engineWorker, resourceLimits, log });
  const documentListeners = new Set<(state: DocumentState) => void>();
  const info: AppInfo = {
    name: options.appName,
    version: options.appVersion,
    host: options.host,
    platform: platform(),
    versions: options.versions,
    capabilities: { nativeDialogs: options.dialogs !== null },
    paths: { home: homedir(), root: paths.root, recovery: recoveryDir },
  };
  const services: Services = {
    info,
    events,
    projects,
    paths,
    recent,
    training,
    datasetFolders,
    engine,
    backends: cachedBackends(options.glProcess ?? null),
    dialogs: options.dialogs,
    exporters: { project: projectExporter(projects), ...engineExporters(), ...options.exporters },
    log,
    document: { title: 'Untitled', dirty: false },
    onDocumentChanged(listener) {
      documentListeners.add(listener);
      return () => documentListeners.delete(listener);
    },
    setDocument(state) {
      services.document = state;
      for (const listener of documentListeners) listener(state);
    },
    async dispose() {
      await Promise.all([training.dispose(), engine.dispose()]);
    },
  };
  return services;
}

/** Electron: what the user opened or picked in earlier runs may be used again. */
async function restoredGrants(recent: RecentPaths): Promise<PathGrant[]> {
  const projects = (await recent.projects()).map((p): PathGrant => ({
    path: p.path,
    scope: 'file',
    access: ['read', 'write'],
  }));
  const folders = (await recent.folders()).map((path): PathGrant => ({
    path,
    scope: 'folder',
    access: ['read', 'list'],
  }));
  return [...projects, ...folders];
}
