import type { EpochRecord } from '../model/settings';
import type { WeightMap } from '../model/project-file';
import type { Batch, BatchSource, StepResult, TrainingEngine } from './engine';
import { createRng } from '../core/rng';
import { createScheduler } from './lr-schedules';
import type { LearningRateSchedule } from '../model/lr-schedule';
import type { StopReason } from '../core/vocabulary';
import { epochDivergence } from './divergence-guard';

export interface BatchEndInfo {
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** Running means over the epoch so far, as Keras' progress bar shows them. */
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
  /** Seconds left at the current speed, over all epochs. */
  etaSeconds: number;
}

export interface FitOptions {
  /** How many epochs this call trains. */
  epochs: number;
  /**
   * Epochs the weights already trained (Keras' `initial_epoch`): epoch numbers in callbacks, history and messages
   * continue from it, so a continued run's curves and saved history carry on where the last one ended.
   */
  initialEpoch?: number;
  /** Classes of the dataset: lets the divergence guard recognise a model stuck at chance level. */
  numClasses?: number | null;
  batchSize: number;
  seed: number;
  shuffle?: boolean;
  validation?: BatchSource | null;
  /**
   * Stop after this many epochs without improvement of val_loss (loss without validation), restoring the best weights.
   */
  earlyStoppingPatience?: number | null;
  signal?: AbortSignal;
  /** Awaited between batches; resolves when training may continue (pause support). */
  waitWhilePaused?: () => Promise<void>;
  /** May return a promise (e.g. to compute feature maps); the next batch waits for it. */
  onBatchEnd?: (info: BatchEndInfo) => void | Promise<void>;
  /** Awaited, so a caller may read the epoch's weights (checkpoints) before the next epoch changes them. */
  onEpochEnd?: (record: EpochRecord) => void | Promise<void>;
  /** A loss this many times the first epoch's first batch loss counts as divergence. */
  divergenceFactor?: number;
  /**
   * The optimizer's starting rate and its schedule, applied at the start of each epoch (Keras'
   * LearningRateScheduler granularity); the rate used is recorded as the epoch's `learningRate`.
   */
  learningRate?: { initial: number; schedule: LearningRateSchedule } | null;
}

export interface FitResult {
  history: EpochRecord[];
  stopReason: StopReason;
  /** Human-readable cause when stopReason is 'diverged' or 'early-stopping'. */
  message: string | null;
  bestEpoch: number | null;
}

function order(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** How long a loop may keep the event loop busy before it lets timers and signal handlers (Ctrl-C) run. */
const YIELD_EVERY_MS = 20;

/**
 * A full turn of the event loop. Engines and in-memory sources settle their promises as microtasks, so without it a
 * whole run could pass without a SIGINT handler, a pause or a progress message ever running.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );
}

/** Yields a turn when `YIELD_EVERY_MS` have passed since the last one. */
function turnTaker(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < YIELD_EVERY_MS) return;
    await nextTurn();
    last = performance.now();
  };
}

/** Mean loss and accuracy of a source, without training; stops early (over the batches seen) when `signal` aborts. */
export async function evaluateSource(
  engine: TrainingEngine,
  source: BatchSource,
  batchSize: number,
  onBatch?: (b: Batch, probabilities: Float32Array) => void,
  signal?: AbortSignal,
) {
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  const takeTurn = turnTaker();
  for await (const batch of source.batches(order(source.size), batchSize)) {
    await takeTurn();
    if (signal?.aborted) break;
    const r = await engine.evaluateBatch(batch);
    lossSum += r.loss * batch.labels.length;
    correct += r.correct;
    seen += batch.labels.length;
    onBatch?.(batch, r.probabilities);
  }
  return { loss: seen ? lossSum / seen : NaN, accuracy: seen ? correct / seen : NaN, samples: seen };
}

/** Keras' fit loop over any engine: shuffling, validation, early stopping with best-weight restore, cancellation. */
export async function fit(engine: TrainingEngine, train: BatchSource, options: FitOptions): Promise<FitResult> {
  const rng = createRng(options.seed);
  const history: EpochRecord[] = [];
  const batchesPerEpoch = Math.ceil(train.size / options.batchSize);
  const totalBatches = batchesPerEpoch * options.epochs;
  const lr = options.learningRate;
  const scheduler = lr ? createScheduler(lr.schedule, lr.initial, (options.initialEpoch ?? 0) + options.epochs) : null;
  let best = { value: Infinity, epoch: null as number | null, weights: null as WeightMap | null };
  let waited = 0;
  let firstLoss: number | null = null;
  const started = performance.now();
  let batchesDone = 0;
  const takeTurn = turnTaker();
  const result = (stopReason: StopReason, message: string | null): FitResult => {
    if (best.weights && options.earlyStoppingPatience) engine.setWeights(best.weights);
    return { history, stopReason, message, bestEpoch: best.epoch };
  };

  const initialEpoch = options.initialEpoch ?? 0;
  for (let epoch = initialEpoch; epoch < initialEpoch + options.epochs; epoch++) {
    const learningRate = scheduler ? scheduler.rateFor(epoch) : null;
    if (learningRate !== null && engine.setLearningRate) engine.setLearningRate(learningRate);
    else if (learningRate !== null && learningRate !== lr?.initial)
      throw new Error(`the ${engine.backend} engine cannot change its learning rate; train with a constant rate`);
    const indices = order(train.size);
    if (options.shuffle !== false) rng.shuffle(indices);
    const epochStart = performance.now();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let batch = 0;
    // Engines that queue work (webgpu) may have several steps in flight: their results are consumed in order.
    const depth = Math.max(1, Math.floor(engine.stepsInFlight ?? 1));
    const inFlight: { step: Promise<StepResult>; size: number }[] = [];
    const drain = async () => {
      await Promise.allSettled(inFlight.splice(0).map((p) => p.step));
    };
    /** Consumes the oldest step's result; returns a FitResult when training must stop. */
    const settle = async (): Promise<FitResult | null> => {
      const { step: pending, size } = inFlight.shift()!;
      const step = await pending;
      firstLoss ??= step.loss;
      // Steps still in flight are drained by the loop's `finally`.
      if (!Number.isFinite(step.loss) || step.loss > (options.divergenceFactor ?? 1e4) * Math.max(firstLoss, 1)) {
        return result(
          'diverged',
          `The loss became ${
            Number.isFinite(step.loss)
              ? `${step.loss.toPrecision(3)} (it started at ${firstLoss.toPrecision(3)})`
              : String(step.loss)
          } at epoch ${epoch + 1}, batch ${batch + 1}: training diverged. The learning rate is most likely too ` +
            `high; lower it (e.g. by 10×) and train again.`,
        );
      }
      lossSum += step.loss * size;
      correct += step.correct;
      seen += size;
      batch++;
      batchesDone++;
      const elapsed = (performance.now() - epochStart) / 1000;
      const samplesPerSecond = seen / Math.max(elapsed, 1e-9);
      const perBatch = (performance.now() - started) / 1000 / batchesDone;
      await options.onBatchEnd?.({
        epoch,
        batch,
        batchesPerEpoch,
        loss: lossSum / seen,
        accuracy: correct / seen,
        samplesPerSecond,
        etaSeconds: perBatch * (totalBatches - batchesDone),
      });
      return null;
    };
    try {
      for await (const b of train.batches(indices, options.batchSize)) {
        await takeTurn();
        if (options.signal?.aborted) return result('cancelled', null);
        await options.waitWhilePaused?.();
        if (options.signal?.aborted) return result('cancelled', null);
        inFlight.push({ step: engine.trainStep(b), size: b.labels.length });
        if (inFlight.length >= depth) {
          const stop = await settle();
          if (stop) return stop;
        }
      }
      while (inFlight.length) {
        const stop = await settle();
        if (stop) return stop;
      }
    } finally {
      await drain();
    }
    const trainSeconds = (performance.now() - epochStart) / 1000;
    const validation =
      options.validation && options.validation.size > 0
        ? await evaluateSource(engine, options.validation, options.batchSize, undefined, options.signal)
        : null;
    if (options.signal?.aborted) return result('cancelled', null);
    const record: EpochRecord = {
      epoch,
      loss: seen ? lossSum / seen : null,
      accuracy: seen ? correct / seen : null,
      valLoss: validation ? validation.loss : null,
      valAccuracy: validation ? validation.accuracy : null,
      samplesPerSecond: seen / Math.max(trainSeconds, 1e-9),
      ...(learningRate !== null && { learningRate }),
    };
    scheduler?.epochEnded(record.valLoss ?? record.loss);
    history.push(record);
    await options.onEpochEnd?.(record);
    const diverging = epochDivergence(history, options.numClasses ?? null);
    if (diverging) return result('diverged', diverging);

    if (options.earlyStoppingPatience) {
      const monitored = record.valLoss ?? record.loss ?? Infinity;
      if (monitored < best.value) {
        best = { value: monitored, epoch, weights: await engine.getWeights() };
        waited = 0;
      } else if (++waited >= options.earlyStoppingPatience) {
        return result(
          'early-stopping',
          `${record.valLoss !== null ? 'val_loss' : 'loss'} did not improve for ${waited} epochs; restored the ` +
            `weights of epoch ${(best.epoch ?? 0) + 1}`,
        );
      }
    }
  }
  return result('completed', null);
}
