// The one IPC contract: every channel between the renderer and the main-process services, by direction.
// Imported by the main process (validation), the preload (channel allow-lists) and the renderer (types only).
// Pure module: zod only, no Node or Electron imports, so all three sides can load it.
import { z } from 'zod';
import { EXPORT_FORMATS } from '../src-engine';
import { AbsolutePath, RunId } from './common-schemas';
import {
  BackendStatus,
  CheckpointRequest,
  DatasetPreview,
  DatasetReportPayload,
  DatasetSettingsPayload,
  EvaluationReport,
  GradCamRequest,
  ImageInput,
  InitialProject,
  Prediction,
  ProjectPayload,
  TrainingCheckpoint,
  TrainingDatasetProgress,
  TrainingInfo,
  TrainingJob,
  TrainingResult,
} from './ml-schemas';

export { AbsolutePath } from './common-schemas';

export const FileBaseName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\\/:*?"<>|\0]+$/, 'must be a plain file name without / \\ : * ? " < > |')
  .refine((n) => n !== '.' && n !== '..', 'must not be . or ..');

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
  /** root: browser mode's folder (paths outside it are refused; where folder listings start); null in Electron. */
  paths: z.object({ home: z.string(), root: z.string().nullable(), recovery: z.string() }),
});

export const DialogPurpose = z.enum([
  'open-project',
  'save-project',
  'open-image-folder',
  'choose-export-folder',
  'import-model',
]);

export const RecoveryEntry = z.object({
  id: RecoveryId,
  documentPath: z.string().nullable(),
  savedAt: IsoTime,
  path: z.string(),
  bytes: z.number().int(),
});

export const RecentProject = z.object({ path: z.string(), openedAt: IsoTime });

export const DirectoryEntry = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['directory', 'file']),
  size: z.number().nullable(),
});

/** A missing folder, with the way out: the browser-mode dialog has New folder, and so do native dialogs. */
export const missingFolderMessage = (folder: string) =>
  `The folder ${folder} does not exist: create it with New folder or pick another.`;

export const TrainingState = z.enum(['starting', 'running', 'paused', 'stopping', 'completed', 'stopped', 'failed']);
export const RunControlResult = z.object({ runId: RunId, state: TrainingState });
export const ErrorInfo = z.object({ code: z.string(), message: z.string(), hint: z.string().nullable() });

export const ExportFormat = z.enum(EXPORT_FORMATS);

const FeatureMap = z.object({
  /** Node id of the layer. */
  layer: z.string(),
  /**
   * 'activation': the layer's output for the pinned sample, [H, W, C];
   * 'kernel': a Conv2D's filters, [kh, kw, cin, cout].
   */
  kind: z.enum(['activation', 'kernel']),
  shape: z.array(z.number().int().nonnegative()),
  /** Values scaled linearly from [min, max] to 0..255. */
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
      extensions: z
        .array(z.string().regex(/^\.[A-Za-z0-9]{1,10}$/))
        .max(32)
        .optional(),
    }),
    result: z.object({
      path: z.string(),
      parent: z.string().nullable(),
      entries: z.array(DirectoryEntry),
      truncated: z.boolean(),
    }),
  },
  /** Creates one folder in parent (the browser-mode dialog's New folder); the name is checked by the service. */
  'files:mkdir': {
    args: z.strictObject({ parent: AbsolutePath, name: z.string().max(1000) }),
    result: z.object({ path: z.string() }),
  },
  'project:open': {
    args: z.strictObject({ path: AbsolutePath }),
    result: z.object({
      path: z.string(),
      project: ProjectDocument,
      modifiedAt: IsoTime,
      recovery: RecoveryEntry.nullable(),
    }),
  },
  /** A TF.js model.json (weights from the shards beside it) or a Keras topology JSON as a new, unsaved project. */
  'model:import': {
    args: z.strictObject({ path: AbsolutePath }),
    result: z.object({ project: ProjectDocument, notes: z.array(z.string()) }),
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
  /**
   * Projects opened or saved lately, newest first; kept by the services (in Electron they are what may be reopened).
   */
  'project:listRecent': { args: z.undefined(), result: z.object({ entries: z.array(RecentProject) }) },
  'project:openRecovery': {
    args: z.strictObject({ id: RecoveryId }),
    result: z.object({ entry: RecoveryEntry, project: ProjectDocument }),
  },
  'project:discardRecovery': { args: z.strictObject({ id: RecoveryId }), result: z.object({ discarded: z.boolean() }) },
  /** The Keras tutorial CNN on the bundled sample digits: what the app opens at first start (Train works at once). */
  'project:initial': {
    args: z.strictObject({ template: z.string().min(1).max(100).optional() }).optional(),
    result: InitialProject,
  },
  /** Ensures the bundled MNIST sample exists (written as PNG class folders on first use) and returns its folder. */
  'dataset:sample': { args: z.undefined(), result: z.object({ path: z.string() }) },
  /** Opens the dataset with the data module and reports what it holds and skips (split as training would). */
  'dataset:report': {
    args: z.strictObject({
      dataset: DatasetSettingsPayload,
      validationSplit: z.number().min(0).max(0.9).default(0.2),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .default(42),
      /** Read the folder again (files were added or changed); otherwise a dataset already open is reused. */
      refresh: z.boolean().default(false),
    }),
    result: DatasetReportPayload,
  },
  /**
   * A few preprocessed samples per class (augmented as training
   * would when asked), for thumbnails and the augmentation preview.
   */
  'dataset:preview': {
    args: z.strictObject({
      dataset: DatasetSettingsPayload,
      perClass: z.number().int().min(1).max(32).default(6),
      augmented: z.boolean().default(false),
      /** Varies the augmentation draw (like an epoch number). */
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .default(0),
    }),
    result: DatasetPreview,
  },
  /**
   * The bytes of an image file (PNG, JPEG, WebP, GIF, BMP, TIFF by content), at most 50 MiB: to show a dataset image.
   */
  'image:read': {
    args: z.strictObject({ path: AbsolutePath }),
    result: z.object({ mime: z.string(), data: z.instanceof(Uint8Array) }),
  },
  /** The training backends of this build: which can run, why the others cannot, and what 'auto' picks. */
  'engine:backends': {
    args: z.undefined(),
    result: z.object({ backends: z.array(BackendStatus), notes: z.array(z.string()) }),
  },
  /** Loss, accuracy, confusion matrix, per-class precision / recall and misclassified samples of a trained project. */
  'model:evaluate': {
    args: z.strictObject({
      project: ProjectPayload,
      dataset: DatasetSettingsPayload,
      subset: z.enum(['validation', 'all']).default('validation'),
    }),
    result: EvaluationReport,
  },
  /** Class probabilities of a trained project for one image, preprocessed as recorded in the project. */
  /** With `gradCam`, also where the model looked for a class (Grad-CAM), computed on the same engine. */
  'model:predict': {
    args: z.strictObject({ project: ProjectPayload, image: ImageInput, gradCam: GradCamRequest.optional() }),
    result: Prediction,
  },
  'training:start': { args: z.strictObject({ job: TrainingJob }), result: z.object({ runId: RunId }) },
  'training:pause': { args: z.strictObject({ runId: RunId }), result: RunControlResult },
  'training:resume': { args: z.strictObject({ runId: RunId }), result: RunControlResult },
  'training:stop': { args: z.strictObject({ runId: RunId }), result: RunControlResult },
  /** The weights of one epoch of a recent run (the best by a metric, or a numbered one), kept by the main process. */
  'training:checkpoint': { args: CheckpointRequest, result: TrainingCheckpoint },
  'training:list': {
    args: z.undefined(),
    result: z.object({ runs: z.array(z.object({ runId: RunId, state: TrainingState, startedAt: IsoTime })) }),
  },
  'export:run': {
    /**
     * Without overwrite, an existing target is refused with the
     * 'confirm-overwrite' code: ask the user, then call again with it.
     */
    args: z.strictObject({
      format: ExportFormat,
      directory: AbsolutePath,
      name: FileBaseName,
      project: ProjectDocument,
      overwrite: z.boolean().default(false),
    }),
    result: z.object({ files: z.array(z.string()) }),
  },
  /** Desktop only: shows in the file manager a file that export:run wrote in this session (nothing else). */
  'export:reveal': { args: z.strictObject({ path: AbsolutePath }), result: z.object({ path: z.string() }) },
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

/**
 * main → renderer. Training events carry the run id they belong to; the worker protocol (src-main/training/protocol.ts)
 * is derived from them.
 */
export const eventContract = {
  'training:state': {
    payload: z.object({ runId: RunId, state: TrainingState, error: ErrorInfo.nullable(), at: IsoTime }),
  },
  'training:progress': {
    payload: z.object({
      runId: RunId,
      epoch: z.number().int().nonnegative(),
      epochs: z.number().int().positive(),
      batch: z.number().int().nonnegative(),
      batchesPerEpoch: z.number().int().positive(),
      loss: z.number(),
      metrics: Metrics,
      samplesSeen: z.number().int().nonnegative(),
    }),
  },
  'training:epoch': {
    payload: z.object({
      runId: RunId,
      epoch: z.number().int().nonnegative(),
      epochs: z.number().int().positive(),
      logs: Metrics,
    }),
  },
  'training:info': { payload: TrainingInfo },
  'training:dataset': { payload: TrainingDatasetProgress },
  'training:result': { payload: TrainingResult },
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
export type TrainingState = z.output<typeof TrainingState>;
export type RecoveryEntry = z.output<typeof RecoveryEntry>;
export type RecentProjectEntry = z.output<typeof RecentProject>;
export type DialogPurpose = z.output<typeof DialogPurpose>;
export type ExportFormat = z.output<typeof ExportFormat>;
export type ErrorInfo = z.output<typeof ErrorInfo>;
export type FeatureMap = z.output<typeof FeatureMap>;
export type {
  BackendStatus,
  DatasetPreview,
  DatasetReportPayload,
  DatasetSettingsPayload,
  EvaluationReport,
  GradCam,
  ImageInput,
  InitialProject,
  Prediction,
  StopReason,
  Thumbnail,
  TrainingDatasetProgress,
  TrainingInfo,
  TrainingJobInput,
  TrainingResult,
} from './ml-schemas';
export type { ProjectFile } from '../src-engine';
export { TrainingJob } from './ml-schemas';
