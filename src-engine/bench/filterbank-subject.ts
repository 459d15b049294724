import type { CompiledModel } from '../model/executor';
import { summarize } from '../model/summary';
import type { BackendChoice } from '../backends/selection';
import { createEngine } from '../backends/create-engine';
import { BENCH_LOSS, BENCH_OPTIMIZER, type BenchSubject } from './subject';

/** A Filterbank backend through `createEngine`, exactly as a training run creates it. Never a silent fallback:
 * an engine that reports another backend than the one asked for is an error. */
export async function createFilterbankSubject(backend: BackendChoice, model: CompiledModel): Promise<BenchSubject> {
  const { engine, notes } = await createEngine(
    {
      model,
      optimizer: { name: BENCH_OPTIMIZER.name, learningRate: BENCH_OPTIMIZER.learningRate },
      loss: BENCH_LOSS,
      seed: 1,
    },
    { backend },
  );
  if (engine.backend !== backend) {
    engine.dispose();
    throw new Error(
      `asked for the ${backend} engine but createEngine returned ${engine.backend}${
        notes.length ? ` (${notes.join('; ')})` : ''
      }`,
    );
  }
  const details: Record<string, string | number | boolean> = { backend: engine.backend };
  if (notes.length) details.notes = notes.join('; ');
  const depth = Math.max(1, engine.stepsInFlight ?? 1);
  if (depth > 1) details.stepsInFlight = depth;
  const inFlight: Promise<unknown>[] = [];
  return {
    parameters: summarize(model.graph).totalParams,
    details,
    async trainStep(batch) {
      inFlight.push(engine.trainStep(batch));
      if (inFlight.length >= depth) await inFlight.shift();
    },
    async settle() {
      await Promise.all(inFlight.splice(0));
    },
    async predict(x, n) {
      await engine.predict(x, n);
    },
    dispose() {
      engine.dispose();
    },
  };
}
