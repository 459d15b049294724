// engine:backends: which training backends this machine can run, fastest first, and why the others cannot.
import { describeBackends } from '../../src-engine/gpu/backends';
import { passedOver } from '../../src-engine/node/engines';
import type { InvokeResult } from '../ipc/contract';

type Backends = InvokeResult<'engine:backends'>;

export async function listBackends(): Promise<Backends> {
  const reports = await describeBackends({ choice: 'auto' });
  const backends: Backends['backends'] = reports.map((r) => ({ name: r.name, available: r.available, reason: r.reason ?? r.autoSkipped ?? null, selected: r.selected }));
  return { backends, notes: passedOver(reports) };
}

/** Probing loads native modules (gl, Dawn): once per run is enough. */
export function cachedBackends(): () => Promise<Backends> {
  let answer: Promise<Backends> | null = null;
  return () => {
    answer ??= listBackends().catch((error: unknown) => {
      answer = null;
      throw error;
    });
    return answer;
  };
}
