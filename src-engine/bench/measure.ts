/** How long to measure one phase (training or inference) of one engine. */
export interface TimeBox {
  /** Steps run first and not measured (kernel compilation, allocation, JIT)… */
  warmupSteps: number;
  /** …or fewer (at least one) once warm-up has taken this long: slow engines are warm after one step. */
  warmupSeconds: number;
  /** Measure at least this many steps… */
  minSteps: number;
  /** …and for at least this long, */
  minSeconds: number;
  /** …but stop after this long even if minSteps is not reached (the steps measured are reported). */
  maxSeconds: number;
}

export interface PhaseTiming {
  /** Warm-up steps run and excluded. */
  warmupSteps: number;
  /** Steps measured (after warm-up). */
  steps: number;
  samples: number;
  seconds: number;
  samplesPerSecond: number;
  /** Per-step wall time, ms: median and spread, to judge how steady the figure is. */
  stepMs: { median: number; min: number; max: number };
}

export const DEFAULT_TIME_BOX: TimeBox = {
  warmupSteps: 3,
  warmupSeconds: 10,
  minSteps: 10,
  minSeconds: 10,
  maxSeconds: 60,
};

/**
 * Runs `step(i)` (i counts from 0 across warm-up and measurement) within the time box. `settle` waits for
 * work a step left running (an engine with steps in flight); the measured time includes it.
 */
export async function timePhase(
  step: (i: number) => Promise<void>,
  batchSize: number,
  box: TimeBox,
  settle?: () => Promise<void>,
): Promise<PhaseTiming> {
  let i = 0;
  const warmupStart = performance.now();
  while (i < box.warmupSteps && (i === 0 || performance.now() - warmupStart < box.warmupSeconds * 1000))
    await step(i++);
  await settle?.();
  const warmupSteps = i;
  const durations: number[] = [];
  const start = performance.now();
  let elapsed = 0;
  while (
    durations.length === 0 ||
    ((durations.length < box.minSteps || elapsed < box.minSeconds * 1000) && elapsed < box.maxSeconds * 1000)
  ) {
    const t0 = performance.now();
    await step(i++);
    const t1 = performance.now();
    durations.push(t1 - t0);
    elapsed = t1 - start;
  }
  if (settle) {
    await settle();
    elapsed = performance.now() - start;
  }
  const sorted = [...durations].sort((a, b) => a - b);
  const samples = durations.length * batchSize;
  return {
    warmupSteps,
    steps: durations.length,
    samples,
    seconds: round(elapsed / 1000, 3),
    samplesPerSecond: round(samples / (elapsed / 1000), 1),
    stepMs: {
      median: round(sorted[Math.floor(sorted.length / 2)], 2),
      min: round(sorted[0], 2),
      max: round(sorted[sorted.length - 1], 2),
    },
  };
}

const MiB = 1024 * 1024;

/**
 * Peak resident set size of this process (worker threads included): the kernel's max RSS (getrusage) and
 * `memoryUsage().rss` sampled every 10 ms, which also sees peaks the kernel figure would round away.
 */
export class RssMonitor {
  private sampled = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 10);

  sample(): void {
    this.sampled = Math.max(this.sampled, process.memoryUsage().rss);
  }

  stop(): { peakRssMiB: number; sampledPeakRssMiB: number; maxRssMiB: number } {
    clearInterval(this.timer);
    this.sample();
    const maxRss = process.resourceUsage().maxRSS * 1024; // KiB
    return {
      peakRssMiB: round(Math.max(this.sampled, maxRss) / MiB, 1),
      sampledPeakRssMiB: round(this.sampled / MiB, 1),
      maxRssMiB: round(maxRss / MiB, 1),
    };
  }
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
