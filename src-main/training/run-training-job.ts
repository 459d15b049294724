// THE integration point between the shell and the engine's training loop (src-engine/train, being written).
// The worker thread calls runTrainingJob once per run; everything around it (spawning, pause / resume /
// stop, crash and out-of-memory handling, throttled streams to the UI) is already done by the supervisor.
import type { TrainingJob } from '../ipc/contract';
import { IpcError } from '../ipc/envelope';
import type { TrainingControl, TrainingEmitter } from './worker-host';

/**
 * Trains `job` to completion, or until `control.checkpoint()` returns true; throws to report a failure
 * (an error with `code` and `hint` properties reaches the UI as they are).
 *
 * Wiring the engine in (once src-engine/train exports its fit()):
 * 1. build the model from `job.project` (src-engine/model) and the batches from `job.datasetPath` (src-engine/data);
 * 2. call fit with per-batch and per-epoch callbacks;
 * 3. in the per-batch callback: `emit.progress(...)`; if `emit.featureMapsDue()` compute the activations of
 *    `job.featureMapLayers` and `emit.featureMaps(...)`; then `if (control.checkpoint()) cancel`;
 * 4. in the per-epoch callback: `emit.epoch(epoch, epochs, logs)`;
 * 5. pass `control.signal` wherever the engine accepts an AbortSignal.
 */
export async function runTrainingJob(_job: TrainingJob, _emit: TrainingEmitter, _control: TrainingControl): Promise<void> {
  throw new IpcError(
    'unavailable',
    'Training is not connected to the engine yet: the engine\'s fit() (src-engine/train) is still being written.',
    'Design and export still work; training becomes available in a later build.',
  );
}
