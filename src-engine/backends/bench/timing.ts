export interface Timing {
  /** Median seconds per call over the timed calls. */
  median: number;
  /** Fastest call: the least disturbed by other processes on a shared machine. */
  best: number;
  calls: number;
  /**
   * Process CPU seconds per call, every thread summed. On a machine shared with other work, for a
   * single-threaded call this is the steadier figure: time spent descheduled does not count.
   */
  cpu: number;
}

/**
 * Times `fn` after `warmup` calls (compilation, caches), repeating until `minSeconds` have passed and at
 * least `minCalls` calls were made.
 */
export async function measure(fn: () => unknown, minSeconds = 0.5, minCalls = 5, warmup = 2): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  while (samples.length < minCalls || performance.now() - start < minSeconds * 1000) {
    const t0 = performance.now();
    await fn();
    samples.push((performance.now() - t0) / 1000);
  }
  const cpu = process.cpuUsage(cpuStart);
  samples.sort((x, y) => x - y);
  return {
    median: samples[Math.floor(samples.length / 2)],
    best: samples[0],
    calls: samples.length,
    cpu: (cpu.user + cpu.system) / 1e6 / samples.length,
  };
}
