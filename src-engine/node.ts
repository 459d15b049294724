/**
 * The engine's Node-only entry point: image-folder datasets, the sample dataset, training runs, backend engines
 * and regular-file reads. The main process and CLI import it next to ./index.ts; the renderer never does (it
 * reaches Node built-ins, sharp and worker threads).
 */
export * from './data';
export { ensureDigitFolder, type MnistDigit } from './data/sample-dataset';
export { FileTooLargeError, NotRegularFileError, openRegularFile, readRegularFile } from './io/regular-file';
export { TrainingSetupError, preprocessingFor, runTraining } from './node/training-run';
export { createEngine, passedOver, type CreatedEngine, type CreateEngineOptions } from './backends/create-engine';
export type { BackendChoice } from './backends/selection';
export {
  BackendUnavailableError,
  describeBackends,
  formatBackendReport,
  isBackendChoice,
  markTrainingInWorkerThreads,
  type BackendName,
  type BackendProbe,
  type BackendReport,
} from './backends/selection';
export { processEnvironment, unmarkTrainingInWorkerThreads } from './backends/detect/environment';
export { probeHeadlessGL } from './backends/detect/headless-gl-probe';
export { unavailable } from './backends/detect/probe';
export { ensureDisplay } from './backends/virtual-display';
