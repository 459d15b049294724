import type { BackendChoice } from '../core/vocabulary';
import { markTrainingInWorkerThreads, processEnvironment, type ProbeEnvironment } from './detect/environment';
import { probeHeadlessGL } from './detect/headless-gl-probe';
import { available, BACKEND_ORDER, type BackendDetails, type BackendName, type BackendProbe } from './detect/probe';
import { probeWebAssembly } from './detect/webasm-probe';
import { probeWebGPU } from './detect/webgpu-probe';

export { BACKEND_ORDER, markTrainingInWorkerThreads, type BackendName, type BackendProbe, type BackendDetails };
export type { ProbeEnvironment };

// The choices themselves are vocabulary (core/vocabulary.ts): settings, CLI and dashboard list them too.
export type { BackendChoice };

/** A choice the probes resolve: `auto` or one backend by name (`reference` runs without probing). */
export type ProbedChoice = Exclude<BackendChoice, 'reference'>;

export interface BackendReport extends BackendProbe {
  selected: boolean;
  /** For a backend that works but that `auto` passes over: why. */
  autoSkipped?: string;
}

export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly reports: readonly BackendReport[],
  ) {
    const report = reports.find((r) => r.name === backend);
    const working = reports.filter((r) => r.available).map((r) => r.name);
    super(
      `The ${backend} backend was requested but cannot run here: ${report?.reason ?? 'unknown reason'}. ` +
        `Backends that work here: ${working.join(', ')}; choose one of them, or auto to take the fastest.`,
    );
    this.name = 'BackendUnavailableError';
  }
}

export function isBackendChoice(value: unknown): value is ProbedChoice {
  return value === 'auto' || (BACKEND_ORDER as readonly unknown[]).includes(value);
}

/** Parses a user-supplied backend name (CLI flag, settings file) with a message that lists the valid ones. */
export function parseBackendChoice(value: string): ProbedChoice {
  const normalised = value.trim().toLowerCase();
  if (isBackendChoice(normalised)) return normalised;
  throw new Error(`Unknown backend "${value}". Choose one of: auto, ${BACKEND_ORDER.join(', ')}.`);
}

export function probeCpu(env: ProbeEnvironment): BackendProbe {
  return available('cpu', { cores: env.cores, threads: 1 });
}

/** Probes one backend; never throws (a failing probe is an unavailable backend with the reason). */
export async function probeBackend(
  name: BackendName,
  env: ProbeEnvironment = processEnvironment(),
): Promise<BackendProbe> {
  switch (name) {
    case 'webgpu':
      return probeWebGPU(env);
    case 'headlessgl':
      return probeHeadlessGL(env);
    case 'webasm':
      return probeWebAssembly(env);
    case 'cpu':
      return probeCpu(env);
  }
}

/**
 * Why `auto` passes over a backend that works, or null. headless-gl on Mesa's software rasteriser (Xvfb,
 * no GPU) runs the GL kernels on the CPU, measured 50–100× slower than webasm on the CNN's matrix
 * products (NOTES.md), so auto prefers webasm there; forcing headlessgl still runs it.
 */
export function autoSkipReason(probe: BackendProbe, probes: readonly BackendProbe[]): string | null {
  const webasm = probes.find((p) => p.name === 'webasm');
  if (probe.name === 'headlessgl' && probe.available && probe.details.software === true && webasm?.available) {
    return (
      'auto prefers webasm: this GL is a software rasteriser, measured 50-100x slower than webasm ' +
      '(src-engine/backends/NOTES.md)'
    );
  }
  if (probe.name === 'webgpu' && probe.available && isSoftwareAdapter(probe.details) && webasm?.available) {
    return (
      'auto prefers webasm: this WebGPU adapter runs on the CPU (no GPU), measured about 190x slower than ' +
      'webasm (src-engine/backends/NOTES.md)'
    );
  }
  return null;
}

/**
 * WebGPU adapters that are CPU implementations: SwiftShader, Mesa's
 * lavapipe (llvmpipe), Windows' WARP, or a declared fallback.
 */
export function isSoftwareAdapter(details: BackendDetails): boolean {
  if (details.fallback === true) return true;
  const text = [details.vendor, details.architecture, details.device, details.description]
    .filter((v) => typeof v === 'string')
    .join(' ');
  return /swiftshader|llvmpipe|lavapipe|softpipe|basic render driver/i.test(text);
}

/** The backend a choice resolves to: the forced one, or the first available in speed order. */
export function selectBackend(probes: readonly BackendProbe[], choice: ProbedChoice): BackendName {
  if (choice !== 'auto') {
    const probe = probes.find((p) => p.name === choice);
    if (!probe?.available) throw new BackendUnavailableError(choice, markSelected(probes, null));
    return choice;
  }
  for (const name of BACKEND_ORDER) {
    const probe = probes.find((p) => p.name === name);
    if (probe?.available && autoSkipReason(probe, probes) === null) return name;
  }
  return 'cpu';
}

function markSelected(probes: readonly BackendProbe[], selected: BackendName | null): BackendReport[] {
  return BACKEND_ORDER.map((name) => {
    const probe = probes.find((p) => p.name === name) ?? { name, available: false, reason: 'not probed', details: {} };
    const skipped = autoSkipReason(probe, probes);
    return { ...probe, selected: probe.name === selected, ...(skipped ? { autoSkipped: skipped } : {}) };
  });
}

export interface DescribeOptions {
  choice?: ProbedChoice;
  env?: ProbeEnvironment;
  /** Probes made elsewhere, used instead of probing here (the app probes headless-gl in a child process). */
  probes?: Partial<Record<BackendName, BackendProbe>>;
}

/**
 * Every backend in speed order, whether it works here (and why not), and which one a choice selects.
 * Throws BackendUnavailableError when a forced backend cannot run.
 */
export async function describeBackends(options: DescribeOptions = {}): Promise<BackendReport[]> {
  const env = options.env ?? processEnvironment();
  const probes = await Promise.all(BACKEND_ORDER.map((name) => options.probes?.[name] ?? probeBackend(name, env)));
  return markSelected(probes, selectBackend(probes, options.choice ?? 'auto'));
}

/** The backend to continue on after `failed` broke mid-run: the next working one in speed order. */
export function fallbackAfter(failed: BackendName, reports: readonly BackendProbe[]): BackendName | null {
  const start = BACKEND_ORDER.indexOf(failed) + 1;
  for (const name of BACKEND_ORDER.slice(start)) {
    if (reports.find((r) => r.name === name)?.available) return name;
  }
  return null;
}

/** The visible message for a mid-run fallback. */
export function fallbackMessage(failed: BackendName, error: unknown, next: BackendName | null): string {
  const why = error instanceof Error ? error.message : String(error);
  return next
    ? `The ${failed} backend failed during the run (${why}); continuing on ${next}.`
    : `The ${failed} backend failed during the run (${why}) and no slower backend is left to continue on.`;
}

function formatDetails(details: BackendDetails): string {
  return Object.entries(details)
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');
}

/** A table for the CLI: one line per backend, fastest first, the selected one marked. */
export function formatBackendReport(reports: readonly BackendReport[]): string {
  const width = Math.max(...reports.map((r) => r.name.length));
  const lines = reports.map((r) => {
    const marker = r.selected ? '→' : ' ';
    const status = r.selected ? 'selected   ' : r.available ? 'available  ' : 'unavailable';
    const skipped = r.autoSkipped && !r.selected ? ` (${r.autoSkipped})` : '';
    const text = r.available ? formatDetails(r.details) + skipped : (r.reason ?? '');
    return `${marker} ${r.name.padEnd(width)}  ${status}  ${text}`;
  });
  return ['Compute backends, fastest first (auto takes the first that works):', ...lines].join('\n');
}
