// engine:backends: which training backends this build can run. Each one is probed by creating its engine on a
// tiny model through src-engine/node/engines.ts, so the answer is what training would actually get.
import { sequential } from '../../src-engine/model/graph';
import { compileModel } from '../../src-engine/model/executor';
import { BACKEND_CHOICES } from '../../src-engine/model/settings';
import { createEngine } from '../../src-engine/node/engines';
import type { EngineConfig } from '../../src-engine/train/engine';
import type { InvokeResult } from '../ipc/contract';

type Backends = InvokeResult<'engine:backends'>;

function probeConfig(): EngineConfig {
  const model = compileModel(
    sequential('probe', [
      { className: 'InputLayer', params: { shape: [4, 4, 1] } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units: 2, activation: 'softmax' } },
    ]),
  );
  return { model, optimizer: { name: 'sgd' }, loss: 'sparse_categorical_crossentropy', seed: 0 };
}

async function probe(choice: (typeof BACKEND_CHOICES)[number]): Promise<{ backend: string; notes: string[] } | { error: string }> {
  try {
    const { engine, notes } = await createEngine(choice, probeConfig());
    const backend = engine.backend;
    engine.dispose();
    return { backend, notes };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export async function describeBackends(): Promise<Backends> {
  const auto = await probe('auto');
  const selected = 'backend' in auto ? auto.backend : null;
  const backends: Backends['backends'] = [];
  for (const name of BACKEND_CHOICES.filter((c) => c !== 'auto')) {
    const result = await probe(name);
    backends.push({ name, available: 'backend' in result, reason: 'error' in result ? result.error : null, selected: name === selected });
  }
  return { backends, notes: 'notes' in auto ? auto.notes : [`No backend can train: ${auto.error}`] };
}

/** Probing starts engines (a GPU context for the gpu.js ones): once per run is enough. */
export function cachedBackends(): () => Promise<Backends> {
  let answer: Promise<Backends> | null = null;
  return () => {
    answer ??= describeBackends().catch((error: unknown) => {
      answer = null;
      throw error;
    });
    return answer;
  };
}
