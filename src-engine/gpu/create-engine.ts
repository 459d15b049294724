import { GPU } from 'gpu.js';
import type { WeightMap } from '../model/project-file';
import type { EngineConfig, TrainingEngine } from '../train/engine';
import { createReferenceEngine } from '../train/reference-engine';
import { BACKEND_ORDER, describeBackends, type BackendChoice, type BackendName, type BackendProbe, type BackendReport, type ProbeEnvironment } from './backends';
import { withFallback } from './fallback-engine';
import { createGpujsBackend } from './gl/gpujs-backend';
import { createKernelEngine } from './kernel-engine';
import { createWasmEngine } from './webasm/engine';

/** Backends that have a training engine so far; webgpu's (gpu.js' asynchronous WGSL kernels) is not built yet. */
export const ENGINES_BUILT: ReadonlySet<BackendName> = new Set<BackendName>(['headlessgl', 'webasm', 'cpu']);

export const WEBGPU_ENGINE_MISSING = 'the webgpu training engine is not built yet (gpu.js runs WGSL kernels only asynchronously; planned for phase 2)';

export interface CreateEngineOptions {
  /** Which backend to run: `auto` (the default) takes the fastest that works. */
  backend?: BackendChoice;
  /** Threads for webasm; default: what its probe found (every core). */
  threads?: number;
  /** Visible messages: a fallback mid-run, a detected backend without an engine. */
  onMessage?: (text: string) => void;
  env?: ProbeEnvironment;
}

export interface CreatedEngine {
  engine: TrainingEngine & { readonly current: BackendName };
  /** Every backend, whether it works here and why not, the selected one marked (for `formatBackendReport`). */
  reports: BackendReport[];
}

function engineFactory(config: EngineConfig, probes: readonly BackendProbe[], threads: number | undefined) {
  return async (backend: BackendName, weights: WeightMap | null): Promise<TrainingEngine> => {
    const withWeights: EngineConfig = { ...config, weights };
    switch (backend) {
      case 'webasm': {
        const found = probes.find((p) => p.name === 'webasm')?.details.threads;
        return createWasmEngine(withWeights, { threads: threads ?? (typeof found === 'number' ? found : 1) });
      }
      case 'headlessgl': {
        const gpu = new GPU({ mode: 'headlessgl' });
        return createKernelEngine(withWeights, createGpujsBackend(gpu), undefined, () => void gpu.destroy());
      }
      case 'cpu':
        return createReferenceEngine(withWeights);
      case 'webgpu':
        throw new Error(WEBGPU_ENGINE_MISSING);
    }
  };
}

/**
 * Probes the backends, picks one (forced or `auto`), and returns its training engine wrapped so that a
 * failure mid-run continues on the next working backend with a visible message. A detected backend
 * without an engine yet is passed over under `auto` (with a message) and refused when forced.
 */
export async function createEngine(config: EngineConfig, options: CreateEngineOptions = {}): Promise<CreatedEngine> {
  const onMessage = options.onMessage ?? (() => undefined);
  const reports = await describeBackends({ choice: options.backend ?? 'auto', env: options.env });
  let selected = reports.find((r) => r.selected)!.name;
  if (!ENGINES_BUILT.has(selected)) {
    if (options.backend === selected) throw new Error(`The ${selected} backend works here, but ${WEBGPU_ENGINE_MISSING}. Choose auto or another backend.`);
    const next = BACKEND_ORDER.find((name) => ENGINES_BUILT.has(name) && reports.find((r) => r.name === name && r.available && !r.autoSkipped));
    onMessage(`The ${selected} backend works here, but ${WEBGPU_ENGINE_MISSING}; using ${next ?? 'cpu'}.`);
    selected = next ?? 'cpu';
    for (const r of reports) r.selected = r.name === selected;
  }
  // Backends without an engine are not fallback targets either.
  const probes = reports.map((r) => (ENGINES_BUILT.has(r.name) ? r : { ...r, available: false }));
  const engine = await withFallback(selected, probes, engineFactory(config, probes, options.threads), config.weights ?? null, onMessage);
  return { engine, reports };
}
