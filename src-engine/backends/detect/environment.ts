import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

/**
 * What the backend probes read from the process. Injected so tests can describe machines other than
 * the one they run on (a newer glibc, a missing `gl` build, no X display) without faking globals.
 */
export interface ProbeEnvironment {
  platform: NodeJS.Platform;
  /** glibc version at run time ("2.36"), or null where the C library is not glibc (macOS, Windows, musl). */
  glibcVersion: string | null;
  /** The X display headless-gl would connect to on Linux. */
  display: string | undefined;
  cores: number;
  /** CommonJS `require` (throws like it when the module is missing or fails to load). */
  requireModule(id: string): unknown;
  /** ESM `import()`. */
  importModule(id: string): Promise<unknown>;
  /**
   * Paths of the shared libraries and native addons (`.node`) mapped into this process (Linux): tells Mesa's software
   * GL from a driver, and a gl addon another thread loaded from one never built.
   */
  loadedLibraries(): string[];
  /**
   * Set in the app (by `markTrainingInWorkerThreads`): training and evaluation run in worker threads there, and
   * headless-gl works in one thread per process only, so headlessgl is reported unavailable with the reason.
   */
  trainsInWorkerThreads?: boolean;
}

/** Inherited by worker threads (their process.env starts as a copy of the parent's). */
const WORKER_THREADS_FLAG = 'FILTERBANK_TRAINS_IN_WORKER_THREADS';

/** The app calls this before it starts any worker: every probe in this process and its workers then knows. */
export function markTrainingInWorkerThreads(): void {
  process.env[WORKER_THREADS_FLAG] = '1';
}

/**
 * A child process whose one training thread is to own gl (src-main/training/gl-process.ts) clears the inherited flag.
 */
export function unmarkTrainingInWorkerThreads(): void {
  delete process.env[WORKER_THREADS_FLAG];
}

const requireFromHere = createRequire(import.meta.url);

function runtimeGlibcVersion(): string | null {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime ?? null;
}

function loadedLibraries(): string[] {
  if (process.platform !== 'linux') return [];
  try {
    const paths = readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .map((line) => line.split(/\s+/)[5])
      .filter((path): path is string => typeof path === 'string' && /\.so(\.|$)|\.node$/.test(path));
    return [...new Set(paths)];
  } catch {
    return [];
  }
}

export function processEnvironment(): ProbeEnvironment {
  return {
    platform: process.platform,
    glibcVersion: process.platform === 'linux' ? runtimeGlibcVersion() : null,
    display: process.env.DISPLAY,
    cores: availableParallelism(),
    requireModule: (id) => requireFromHere(id),
    importModule: (id) => import(id),
    loadedLibraries,
    trainsInWorkerThreads: process.env[WORKER_THREADS_FLAG] === '1',
  };
}

/** Compares dotted versions numerically: "2.36" < "2.38" < "2.38.1". */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The first line of an error's message, for one-line reasons. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim();
}
