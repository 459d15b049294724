// The one IPC contract: every channel between the renderer and the main-process services, by direction.
// Imported by the main process (validation), the preload (channel allow-lists) and the renderer (types only).
// Pure module: zod only, no Node or Electron imports, so all three sides can load it.
import { z } from 'zod';

/** Absolute path on the machine running the services (POSIX `/…`, Windows `C:\…` or UNC `\\…`). */
export const AbsolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'must not contain NUL characters')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'must be an absolute path (starting with / or a drive like C:\\)');

const FileBaseName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\\/:*?"<>|\0]+$/, 'must be a plain file name without / \\ : * ? " < > |')
  .refine((n) => n !== '.' && n !== '..', 'must not be . or ..');

const RunId = z.string().regex(/^run-[a-z0-9-]{1,64}$/, 'must be a run id returned by training:start');
const RecoveryId = z.string().regex(/^[a-z0-9-]{1,80}$/, 'must be an id returned by project:listRecovery');
const IsoTime = z.string();
const Metrics = z.record(z.string(), z.number());

// The project document format is owned by src-engine/model; the shell carries it as opaque JSON and the
// project-file service validates it with the schema it is given.
const ProjectDocument = z.unknown();

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  versions: z.object({ node: z.string(), electron: z.string().nullable(), chrome: z.string().nullable() }),
  capabilities: z.object({ nativeDialogs: z.boolean() }),
  paths: z.object({ home: z.string(), recovery: z.string() }),
});

export const DialogPurpose = z.enum(['open-project', 'save-project', 'open-image-folder', 'choose-export-folder']);

export const RecoveryEntry = z.object({
  id: RecoveryId,
  documentPath: z.string().nullable(),
  savedAt: IsoTime,
  path: z.string(),
  bytes: z.number().int(),
});

export const DirectoryEntry = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['directory', 'file']),
  size: z.number().nullable(),
});

export const DatasetClass = z.object({ name: z.string(), imageCount: z.number().int() });
export const DatasetSummary = z.object({
  path: z.string(),
  classes: z.array(DatasetClass),
  imageCount: z.number().int(),
  ignoredFiles: z.array(z.string()),
  problems: z.array(z.string()),
});
const Range = z.object({ min: z.number(), max: z.number() }).nullable();
export const DatasetReport = z.object({
  summary: DatasetSummary,
  inspected: z.number().int(),
  width: Range,
  height: Range,
  channels: z.record(z.string(), z.number().int()),
  formats: z.record(z.string(), z.number().int()),
  unreadable: z.array(z.object({ path: z.string(), reason: z.string() })),
});

export const TrainingBackend = z.enum(['webgpu', 'headlessgl', 'webasm', 'cpu', 'reference']);
/** Provisional job spec: the engine's fit() options will refine it (see runTrainingJob). */
export const TrainingJob = z.strictObject({
  project: ProjectDocument,
  datasetPath: AbsolutePath,
  options: z.strictObject({
    epochs: z.number().int().min(1).max(100_000),
    batchSize: z.number().int().min(1).max(65_536),
    validationSplit: z.number().min(0).max(0.9).default(0.2),
    seed: z.number().int().optional(),
    backend: TrainingBackend.optional(),
  }),
  featureMapLayers: z.array(z.string().min(1).max(200)).max(64).default([]),
});

export const TrainingState = z.enum(['starting', 'running', 'paused', 'stopping', 'completed', 'stopped', 'failed']);
export const RunControlResult = z.object({ runId: RunId, state: TrainingState });
export const ErrorInfo = z.object({ code: z.string(), message: z.string(), hint: z.string().nullable() });

export const ExportFormat = z.enum(['project', 'tfjs', 'typescript', 'keras']);

const FeatureMap = z.object({
  layer: z.string(),
  shape: z.array(z.number().int()),
  /** Activations scaled linearly from [min, max] to 0..255. */
  min: z.number(),
  max: z.number(),
  values: z.instanceof(Uint8Array),
});

/** renderer → main, answered with a result. */
export const invokeContract = {
  'app:info': { args: z.undefined(), result: AppInfo },
  'dialog:pick': {
    args: z.strictObject({ purpose: DialogPurpose, defaultPath: AbsolutePath.optional() }),
    result: z.object({ path: z.string().nullable() }),
  },
  'files:list': {
    args: z.strictObject({
      path: AbsolutePath.optional(),
      include: z.enum(['directories', 'all']).default('all'),
      extensions: z.array(z.string().regex(/^\.[A-Za-z0-9]{1,10}$/)).max(32).optional(),
    }),
    result: z.object({
      path: z.string(),
      parent: z.string().nullable(),
      entries: z.array(DirectoryEntry),
      truncated: z.boolean(),
    }),
  },
  'project:open': {
    args: z.strictObject({ path: AbsolutePath }),
    result: z.object({ path: z.string(), project: ProjectDocument, modifiedAt: IsoTime, recovery: RecoveryEntry.nullable() }),
  },
  'project:save': {
    args: z.strictObject({ path: AbsolutePath, project: ProjectDocument }),
    result: z.object({ path: z.string(), savedAt: IsoTime, bytes: z.number().int() }),
  },
  'project:autosave': {
    args: z.strictObject({ documentPath: AbsolutePath.nullable(), project: ProjectDocument }),
    result: RecoveryEntry,
  },
  'project:listRecovery': { args: z.undefined(), result: z.object({ entries: z.array(RecoveryEntry) }) },
  'project:openRecovery': {
    args: z.strictObject({ id: RecoveryId }),
    result: z.object({ entry: RecoveryEntry, project: ProjectDocument }),
  },
  'project:discardRecovery': { args: z.strictObject({ id: RecoveryId }), result: z.object({ discarded: z.boolean() }) },
  'dataset:open': { args: z.strictObject({ path: AbsolutePath }), result: DatasetSummary },
  'dataset:report': {
    args: z.strictObject({ path: AbsolutePath, sampleLimit: z.number().int().min(1).max(1_000_000).default(2000) }),
    result: DatasetReport,
  },
  'training:start': { args: z.strictObject({ job: TrainingJob }), result: z.object({ runId: RunId }) },
  'training:pause': { args: z.strictObject({ runId: RunId }), result: RunControlResult },
  'training:resume': { args: z.strictObject({ runId: RunId }), result: RunControlResult },
  'training:stop': { args: z.strictObject({ runId: RunId }), result: RunControlResult },
  'training:list': {
    args: z.undefined(),
    result: z.object({ runs: z.array(z.object({ runId: RunId, state: TrainingState, startedAt: IsoTime })) }),
  },
  'export:run': {
    args: z.strictObject({ format: ExportFormat, directory: AbsolutePath, name: FileBaseName, project: ProjectDocument }),
    result: z.object({ files: z.array(z.string()) }),
  },
} as const;

/** renderer → main, fire-and-forget. */
export const sendContract = {
  'app:log': {
    args: z.strictObject({
      level: z.enum(['info', 'warn', 'error']),
      message: z.string().max(10_000),
      detail: z.string().max(100_000).optional(),
    }),
  },
  'project:changed': { args: z.strictObject({ title: z.string().max(500), dirty: z.boolean() }) },
} as const;

/** main → renderer. Training events carry the run id they belong to. */
export const eventContract = {
  'training:state': {
    payload: z.object({ runId: RunId, state: TrainingState, error: ErrorInfo.nullable(), at: IsoTime }),
  },
  'training:progress': {
    payload: z.object({
      runId: RunId,
      epoch: z.number().int(),
      epochs: z.number().int(),
      batch: z.number().int(),
      batchesPerEpoch: z.number().int(),
      loss: z.number(),
      metrics: Metrics,
      samplesSeen: z.number().int(),
    }),
  },
  'training:epoch': {
    payload: z.object({ runId: RunId, epoch: z.number().int(), epochs: z.number().int(), logs: Metrics }),
  },
  'training:featureMaps': {
    payload: z.object({ runId: RunId, epoch: z.number().int(), batch: z.number().int(), maps: z.array(FeatureMap) }),
  },
} as const;

export type InvokeChannel = keyof typeof invokeContract;
export type SendChannel = keyof typeof sendContract;
export type EventChannel = keyof typeof eventContract;

/** What a caller passes (before defaults are applied). */
export type InvokeArgs<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['args']>;
/** What a handler receives (after parsing and defaults). */
export type InvokeParsedArgs<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['args']>;
export type InvokeResult<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['result']>;
export type SendArgs<C extends SendChannel> = z.input<(typeof sendContract)[C]['args']>;
export type SendParsedArgs<C extends SendChannel> = z.output<(typeof sendContract)[C]['args']>;
export type EventPayload<C extends EventChannel> = z.output<(typeof eventContract)[C]['payload']>;

/** Argument list of a call: channels whose argument is `undefined` take none. */
export type ArgsTuple<A> = [A] extends [undefined] ? [] : undefined extends A ? [args?: A] : [args: A];

export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[];
export const sendChannels = Object.keys(sendContract) as SendChannel[];
export const eventChannels = Object.keys(eventContract) as EventChannel[];

export type AppInfo = z.output<typeof AppInfo>;
export type TrainingJob = z.output<typeof TrainingJob>;
export type TrainingState = z.output<typeof TrainingState>;
export type RecoveryEntry = z.output<typeof RecoveryEntry>;
export type DatasetSummary = z.output<typeof DatasetSummary>;
export type DatasetReport = z.output<typeof DatasetReport>;
export type DialogPurpose = z.output<typeof DialogPurpose>;
export type ExportFormat = z.output<typeof ExportFormat>;
export type ErrorInfo = z.output<typeof ErrorInfo>;
