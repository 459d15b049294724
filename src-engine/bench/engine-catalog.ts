import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BACKEND_CHOICES } from '../core/vocabulary';

/** An engine the benchmark knows about: Filterbank's backends and the two TF.js baselines. */
export interface EngineEntry {
  /** `filterbank-<backend>` or `tfjs-cpu` / `tfjs-wasm`. */
  id: string;
  family: 'filterbank' | 'tfjs';
  /** The Filterbank backend name or the TF.js backend name. */
  backend: string;
  label: string;
  available: boolean;
  /** Why it cannot run here (unavailable only). */
  reason?: string;
}

/** What the benchmark uses of `describeBackends()` (src-engine/backends/selection.ts). */
interface BackendReportLike {
  name: string;
  available: boolean;
  reason?: string;
}
interface BackendsModule {
  describeBackends(): Promise<BackendReportLike[]>;
}

const GPU_BACKENDS_SOURCE = new URL('../backends/selection.ts', import.meta.url);

/**
 * The gpu.js backends' catalog, or null while src-engine/backends/selection.ts is not in this build (it arrives with
 * the gpu branch). A literal import, so that a bundler includes it when it exists; the ts-ignore covers the
 * build without it, and once it exists the typed binding below checks its API. Any other failure (the module
 * exists but cannot load) is an error, not a quiet "unavailable".
 */
async function loadBackendsModule(): Promise<BackendsModule | null> {
  try {
    // eslint-disable-next-line @typescript-eslint/ban-ts-comment -- the module is absent until the gpu branch is merged
    // @ts-ignore
    const mod: BackendsModule = await import('../backends/selection');
    return mod;
  } catch (error) {
    const absent =
      error instanceof Error &&
      /backends\/selection/.test(error.message) &&
      !existsSync(fileURLToPath(GPU_BACKENDS_SOURCE));
    if (absent) return null;
    throw error;
  }
}

const FILTERBANK_GPU_BACKENDS = BACKEND_CHOICES.filter((b) => b !== 'auto' && b !== 'reference');

/** Every engine, fastest Filterbank backend first (describeBackends' order), reference, then TF.js. */
export async function listEngines(): Promise<EngineEntry[]> {
  const fb = (backend: string, available: boolean, reason?: string): EngineEntry => ({
    id: `filterbank-${backend}`,
    family: 'filterbank',
    backend,
    label: `Filterbank ${backend}`,
    available,
    ...(reason ? { reason } : {}),
  });
  const backends = await loadBackendsModule();
  const gpu = backends
    ? (await backends.describeBackends()).map((r) =>
        fb(r.name, r.available, r.available ? undefined : (r.reason ?? 'unavailable (no reason given)')),
      )
    : FILTERBANK_GPU_BACKENDS.map((b) =>
        fb(b, false, 'not in this build: src-engine/backends/selection.ts (describeBackends) is not merged yet'),
      );
  return [
    ...gpu,
    fb('reference', true),
    { id: 'tfjs-cpu', family: 'tfjs', backend: 'cpu', label: 'TF.js cpu', available: true },
    { id: 'tfjs-wasm', family: 'tfjs', backend: 'wasm', label: 'TF.js wasm', available: true },
  ];
}
