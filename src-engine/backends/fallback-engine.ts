import type { WeightMap } from '../model/project-file';
import type { TrainingEngine } from '../train/engine';
import { fallbackAfter, fallbackMessage, type BackendName, type BackendProbe } from './selection';

/** Builds the engine for one backend, starting from the given weights. */
export type EngineFactory = (backend: BackendName, weights: WeightMap | null) => Promise<TrainingEngine>;

export interface FallbackOptions {
  /** While training, copy the weights to the host at most this often (ms), so a lost device costs little work. */
  snapshotMs?: number;
  now?: () => number;
}

/**
 * A training engine that survives its backend failing mid-run: the failed call is repeated on the next
 * working backend in speed order, starting from the weights the failed one still holds (or, if even
 * reading them fails, as on a lost GPU device, the last copy taken: one every `snapshotMs` of training),
 * and `onMessage` says what happened. Optimizer moments restart on the new backend; the message says so.
 * A call that fails the same way on two backends is not a backend failure (bad input, an unsupported
 * model): its error is thrown as it is.
 */
export async function withFallback(
  first: BackendName,
  probes: readonly BackendProbe[],
  build: EngineFactory,
  initialWeights: WeightMap | null,
  onMessage: (text: string) => void,
  options: FallbackOptions = {},
): Promise<TrainingEngine & { readonly current: BackendName }> {
  const snapshotMs = options.snapshotMs ?? 10_000;
  const now = options.now ?? (() => performance.now());
  let current = first;
  let engine = await build(first, initialWeights);
  let learningRate: number | null = null;
  let lastWeights: WeightMap | null = initialWeights;
  let snapshotAt = now();
  let snapshotting = false;
  /** Takes a host copy of the weights in the background (a GPU engine reads them after its queued steps). */
  const snapshot = (from: TrainingEngine) => {
    if (snapshotting || now() - snapshotAt < snapshotMs) return;
    snapshotting = true;
    snapshotAt = now();
    from.getWeights().then(
      (weights) => {
        if (from === engine) lastWeights = weights;
        snapshotting = false;
      },
      () => {
        snapshotting = false;
      },
    );
  };

  let previousFailure: string | null = null;
  const recover = async (error: unknown): Promise<void> => {
    const text = error instanceof Error ? error.message : String(error);
    // The same failure on two backends is the input's or the model's, not a backend's: report it as is.
    if (text === previousFailure) throw error instanceof Error ? error : new Error(text);
    previousFailure = text;
    const next = fallbackAfter(current, probes);
    let weights: WeightMap | null;
    let source: string;
    try {
      weights = await engine.getWeights();
      source = 'the weights it had reached';
    } catch {
      weights = lastWeights;
      source = weights ? 'the last copy of its weights' : 'freshly initialised weights';
    }
    onMessage(
      `${fallbackMessage(current, error, next)}${
        next ? ` It continues from ${source}; the optimizer's running averages restart.` : ''
      }`,
    );
    if (!next) throw error instanceof Error ? error : new Error(String(error));
    try {
      engine.dispose();
    } catch {
      // The failed backend may not be able to release anything; its replacement does not depend on it.
    }
    current = next;
    engine = await build(next, weights);
    if (learningRate !== null) engine.setLearningRate?.(learningRate);
  };

  /**
   * Runs `call` on the current engine, moving down the backends until one succeeds or none is left. Calls
   * may overlap (an engine with steps in flight): one failure replaces the engine, and the other calls that
   * failed on the replaced engine are repeated on its successor.
   */
  let recovering: Promise<void> | null = null;
  const guarded = async <R>(call: (e: TrainingEngine) => Promise<R> | R): Promise<R> => {
    for (;;) {
      if (recovering) await recovering;
      const used = engine;
      try {
        const result = await call(used);
        previousFailure = null;
        return result;
      } catch (error) {
        if (used !== engine) continue;
        if (!recovering) {
          recovering = recover(error).finally(() => {
            recovering = null;
          });
        }
        await recovering;
      }
    }
  };

  return {
    get backend() {
      return engine.backend;
    },
    get current() {
      return current;
    },
    get stepsInFlight() {
      return engine.stepsInFlight;
    },
    trainStep: (batch) =>
      guarded(async (e) => {
        const result = await e.trainStep(batch);
        snapshot(e);
        return result;
      }),
    evaluateBatch: (batch) => guarded((e) => e.evaluateBatch(batch)),
    predict: (x, n) => guarded((e) => e.predict(x, n)),
    featureMaps: (x, ids) => guarded((e) => e.featureMaps(x, ids)),
    gradCam: (x, options) =>
      guarded((e) => {
        if (!e.gradCam) throw new Error(`the ${e.backend} engine cannot compute Grad-CAM`);
        return e.gradCam(x, options);
      }),
    getWeights: async () => {
      lastWeights = await engine.getWeights();
      return lastWeights;
    },
    setWeights: (weights) => {
      engine.setWeights(weights);
      lastWeights = weights;
    },
    setLearningRate: (value) => {
      if (!engine.setLearningRate) throw new Error(`the ${engine.backend} engine cannot change its learning rate`);
      engine.setLearningRate(value);
      learningRate = value;
    },
    dispose: () => engine.dispose(),
  };
}
