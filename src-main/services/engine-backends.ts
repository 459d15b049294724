// engine:backends: which training backends this machine can run, fastest first, and why the others cannot.
import { describeBackends } from '../../src-engine/gpu/backends';
import { ENGINES_BUILT, WEBGPU_ENGINE_MISSING } from '../../src-engine/gpu/create-engine';
import { passedOver } from '../../src-engine/node/engines';
import type { InvokeResult } from '../ipc/contract';

type Backends = InvokeResult<'engine:backends'>;

export async function listBackends(): Promise<Backends> {
  const reports = await describeBackends({ choice: 'auto' });
  const backends: Backends['backends'] = reports.map((r) => {
    const built = ENGINES_BUILT.has(r.name);
    return {
      name: r.name,
      available: r.available && built,
      reason: r.available && !built ? WEBGPU_ENGINE_MISSING : (r.reason ?? r.autoSkipped ?? null),
      selected: r.selected && built,
    };
  });
  if (!backends.some((b) => b.selected)) {
    const fallback = backends.find((b) => b.available);
    if (fallback) fallback.selected = true;
  }
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
