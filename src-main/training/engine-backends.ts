// engine:backends: which training backends this machine can run, fastest first, and why the others cannot.
import { type BackendProbe, describeBackends, passedOver, unavailable } from '../../src-engine/node';
import type { InvokeResult } from '../../src-shared';
import type { ProcessLauncher } from './process-host';

type Backends = InvokeResult<'engine:backends'> & {
  /** Where training on the selected backend runs: headless-gl in a child process of its own. */
  placement: 'thread' | 'process';
};

/** How the app reaches headless-gl: a child process (gl works in one thread per process; training runs in workers). */
export interface GlProcess {
  entry: URL;
  launch: ProcessLauncher;
}

const GL_PROBE_TIMEOUT_MS = 20_000;

/** Probes headless-gl in a child process of its own, so that no thread of this process loads gl. */
export function probeGlInProcess({ entry, launch }: GlProcess): Promise<BackendProbe> {
  return new Promise((resolve) => {
    const child = launch(entry);
    let done = false;
    const finish = (probe: BackendProbe) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill();
      resolve(probe);
    };
    const timer = setTimeout(
      () =>
        finish(
          unavailable(
            'headlessgl',
            `the headless-gl probe process did not answer within ${GL_PROBE_TIMEOUT_MS / 1000} s`,
          ),
        ),
      GL_PROBE_TIMEOUT_MS,
    );
    child.onMessage((message) => {
      const m = message as { type?: string; probe?: BackendProbe };
      if (m.type === 'probe' && m.probe) finish(m.probe);
    });
    child.onExit((code, signal) =>
      finish(
        unavailable(
          'headlessgl',
          `the headless-gl probe process ended before answering (${signal ?? `status ${code}`})`,
        ),
      ),
    );
    child.send({ type: 'probe' });
  });
}

export async function listBackends(gl: GlProcess | null = null): Promise<Backends> {
  const glProbe = gl ? await probeGlInProcess(gl) : undefined;
  const reports = await describeBackends({ choice: 'auto', probes: glProbe ? { headlessgl: glProbe } : {} });
  const backends: Backends['backends'] = reports.map((r) => ({
    name: r.name,
    available: r.available,
    reason: r.reason ?? r.autoSkipped ?? null,
    selected: r.selected,
  }));
  const placement = reports.find((r) => r.selected)?.name === 'headlessgl' ? 'process' : 'thread';
  return { backends, notes: passedOver(reports), placement };
}

/** Probing loads native modules (gl, Dawn) and starts a process: once per run is enough. */
export function cachedBackends(gl: GlProcess | null = null): () => Promise<Backends> {
  let answer: Promise<Backends> | null = null;
  return () => {
    answer ??= listBackends(gl).catch((error: unknown) => {
      answer = null;
      throw error;
    });
    return answer;
  };
}
