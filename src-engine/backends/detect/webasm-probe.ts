import { ModuleWriter } from '../webasm/wasm-writer';
import { firstLine, type ProbeEnvironment } from './environment';
import { available, unavailable, type BackendProbe } from './probe';

/** A module that splats, multiplies and drops an f32x4: it validates exactly where wasm SIMD exists. */
export function simdProbeModule(): Uint8Array {
  const writer = new ModuleWriter(null);
  writer.addFunction('probe', [], []).f32(1).f32x4Splat().f32(2).f32x4Splat().f32x4Mul().drop();
  return writer.toBytes();
}

/** A module importing a shared memory: it compiles exactly where wasm threads exist. */
export function threadsProbeModule(): Uint8Array {
  return new ModuleWriter({ initialPages: 1, maximumPages: 1, shared: true }).toBytes();
}

function validates(bytes: Uint8Array): boolean {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/** Why wasm threads are missing, or null when they work (shared memory instantiates and workers load). */
function threadsProblem(env: ProbeEnvironment): string | null {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available';
  if (!validates(threadsProbeModule())) return 'this runtime does not accept shared WebAssembly memories';
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    new WebAssembly.Instance(new WebAssembly.Module(threadsProbeModule()), { env: { memory } });
    env.requireModule('node:worker_threads');
  } catch (error) {
    return firstLine(error);
  }
  return null;
}

/**
 * webasm needs WebAssembly with 128-bit SIMD; threads (shared memory + worker_threads) are what make it
 * use more than one core, so their absence is reported in the details rather than as unavailability.
 */
export function probeWebAssembly(env: ProbeEnvironment): BackendProbe {
  if (typeof WebAssembly !== 'object') return unavailable('webasm', 'this JavaScript runtime has no WebAssembly');
  if (!validates(simdProbeModule())) {
    return unavailable(
      'webasm',
      'this runtime lacks WebAssembly SIMD (fixed-width f32x4), which Node.js has had since version 16.4',
    );
  }
  const problem = threadsProblem(env);
  const threads = problem === null ? env.cores : 1;
  return available('webasm', {
    simd: true,
    threads,
    cores: env.cores,
    ...(problem === null ? {} : { singleThreadedBecause: problem }),
  });
}
