import type { WeightMap } from '../model/project-file';
import type { EngineConfig, TrainingEngine } from '../train/engine';
import { createReferenceEngine } from '../train/reference-engine';
import {
  describeBackends,
  fallbackAfter,
  type BackendChoice,
  type BackendName,
  type BackendProbe,
  type BackendReport,
  type ProbeEnvironment,
} from './selection';
import { withFallback } from './fallback-engine';
import { createGpujsBackend } from './webgl/gpujs-backend';
import { createKernelEngine } from '../train/kernel-engine';
import { createWasmEngine } from './webasm/engine';
import { requestDawnDevice } from './webgpu/dawn';
import { createWebGpuEngine } from './webgpu/engine';

export interface CreateEngineOptions {
  /**
   * Which backend to run: `auto` (the default) takes the fastest
   * that works; `reference` is the plain TypeScript engine.
   */
  backend?: BackendChoice;
  /** Threads for webasm; default: what its probe found (every core). */
  threads?: number;
  /** Visible messages: a fallback mid-run, a detected backend without an engine. */
  onMessage?: (text: string) => void;
  env?: ProbeEnvironment;
}

export interface CreatedEngine {
  /** `current` names the backend running now (absent for `reference`, which never switches). */
  engine: TrainingEngine & { readonly current?: BackendName };
  /**
   * Every backend, whether it works here and why not, the selected
   * one marked (for `formatBackendReport`); empty for `reference`.
   */
  reports: BackendReport[];
  /** Why each faster backend was not used, and any switch of backend while creating the engine. */
  notes: string[];
}

/** Why the backends faster than the selected one are not running, one line each. */
export function passedOver(reports: readonly BackendReport[]): string[] {
  const notes: string[] = [];
  for (const r of reports) {
    if (r.selected) break;
    const why = r.reason ?? r.autoSkipped;
    if (why) notes.push(`${r.name}: ${why}`);
  }
  return notes;
}

function engineFactory(
  config: EngineConfig,
  probes: readonly BackendProbe[],
  threads: number | undefined,
  env: ProbeEnvironment | undefined,
) {
  return async (backend: BackendName, weights: WeightMap | null): Promise<TrainingEngine> => {
    const withWeights: EngineConfig = { ...config, weights };
    switch (backend) {
      case 'webasm': {
        const found = probes.find((p) => p.name === 'webasm')?.details.threads;
        return createWasmEngine(withWeights, { threads: threads ?? (typeof found === 'number' ? found : 1) });
      }
      case 'headlessgl': {
        // Loaded here, not at the top: gpu.js loads gl, which serves only the first thread of a process that loads it.
        const { GPU } = await import('gpu.js');
        const gpu = new GPU({ mode: 'headlessgl' });
        const backend = createGpujsBackend(gpu);
        return createKernelEngine(withWeights, backend, backend.memory, () => void gpu.destroy());
      }
      case 'cpu':
        return createReferenceEngine(withWeights, 'cpu');
      case 'webgpu': {
        const dawn = await requestDawnDevice(env?.importModule);
        return createWebGpuEngine(withWeights, dawn.device, { onDispose: dawn.release });
      }
    }
  };
}

/**
 * The one way to get a training engine. Probes the backends, picks one (forced or `auto`), and returns its
 * engine wrapped so that a failure mid-run continues on the next working backend with a visible message.
 * Under `auto`, a backend whose engine cannot be started (its device refused, say) is passed over with a
 * message; a forced one that cannot start is an error naming the cause. `reference` skips probing.
 */
export async function createEngine(config: EngineConfig, options: CreateEngineOptions = {}): Promise<CreatedEngine> {
  if (options.backend === 'reference') return { engine: createReferenceEngine(config), reports: [], notes: [] };
  // Messages while the engine is created also become notes; later ones (a fallback mid-run) only reach onMessage.
  const messages: string[] = [];
  let creating = true;
  const onMessage = (text: string) => {
    if (creating) messages.push(text);
    options.onMessage?.(text);
  };
  const reports = await describeBackends({ choice: options.backend ?? 'auto', env: options.env });
  // Fallback targets: what works, except what auto passes over (a software rasteriser, say).
  const targets = reports.map((r) => (r.autoSkipped && !r.selected ? { ...r, available: false } : r));
  const build = engineFactory(config, reports, options.threads, options.env);
  let selected = reports.find((r) => r.selected)!.name;
  for (;;) {
    try {
      const engine = await withFallback(selected, targets, build, config.weights ?? null, onMessage);
      for (const r of reports) r.selected = r.name === selected;
      creating = false;
      return { engine, reports, notes: [...passedOver(reports), ...messages] };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (options.backend === selected)
        throw new Error(
          `The ${selected} backend was detected but its engine could ` +
            `not start: ${reason}. Choose auto or another backend.`,
          { cause: error },
        );
      const next = fallbackAfter(selected, targets);
      if (!next) throw error instanceof Error ? error : new Error(reason, { cause: error });
      onMessage(`The ${selected} backend was detected but its engine could not start (${reason}); using ${next}.`);
      for (const list of [reports, targets]) {
        const report = list.find((r) => r.name === selected)!;
        report.available = false;
        report.reason = `its engine could not start: ${reason}`;
      }
      selected = next;
    }
  }
}
