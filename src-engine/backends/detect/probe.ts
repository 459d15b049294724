import type { BackendChoice } from '../../core/vocabulary';

/**
 * The backends that are probed: every choice but `auto` and `reference` (the plain TypeScript engine, never probed).
 */
export type BackendName = Exclude<BackendChoice, 'auto' | 'reference'>;

/** Fastest first: `auto` takes the first backend in this order whose probe succeeds. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'headlessgl', 'webasm', 'cpu'];

export type BackendDetails = Record<string, string | number | boolean>;

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  /** Why the backend cannot run here and, where there is one, what fixes it. Absent when available. */
  reason?: string;
  /** What was found: versions, adapter, renderer, feature flags. */
  details: BackendDetails;
}

export function available(name: BackendName, details: BackendDetails): BackendProbe {
  return { name, available: true, details };
}

export function unavailable(name: BackendName, reason: string, details: BackendDetails = {}): BackendProbe {
  return { name, available: false, reason, details };
}
