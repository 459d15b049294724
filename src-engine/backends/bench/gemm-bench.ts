/**
 * GFLOP/s of each candidate CPU/GPU path on the tutorial CNN's GEMM shapes (gemm-shapes.ts).
 *
 *   npx tsx src-engine/backends/bench/gemm-bench.ts [--impl a,b,...] [--seconds 0.5] [--json out.json]
 *
 * Implementations: ts (blocked TypeScript), wasm-1 / wasm-2 (hand-written wasm SIMD GEMM on 1 / 2
 * threads), gpujs-cpu, gpujs-webasm (sync: SIMD, one thread), gpujs-webasm-async (threaded worker
 * pool), gpujs-pipeline (webasm createPipeline executor), gpujs-headlessgl (needs `gl` and an X
 * display; an Xvfb is started when DISPLAY is unset). gpu.js timings include its argument upload and
 * result readback, which every gpu.js call pays; the wasm paths work on operands already in wasm memory.
 * Every result is checked against a float64 product before it is timed. Besides wall-clock GFLOP/s the
 * log gives GFLOP per CPU-second (all threads summed): for single-threaded paths on a shared machine
 * that is the figure that other processes disturb least.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { GPU, type IPipelineHandle } from 'gpu.js';
import { blockedGemm } from './blocked-gemm';
import { createWasmRuntime, type WasmRuntime } from '../webasm/wasm-runtime';
import { ensureDisplay } from '../virtual-display';
import { CNN_GEMM_SHAPES, flopsOf, type GemmShape } from './gemm-shapes';
import { createGpujsGemm, flatInput } from './gpujs-gemm';
import { measure, type Timing } from './timing';

type Runner = (a: Float32Array, b: Float32Array) => Promise<() => Promise<Float32Array>>;

interface Implementation {
  name: string;
  /** Prepares the shape (kernel build, upload) and returns the call to time. */
  prepare(shape: GemmShape): Runner;
  close?(): Promise<void>;
}

function referenceProduct(shape: GemmShape, a: Float32Array, b: Float32Array): Float64Array {
  const { m, n, k } = shape;
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let q = 0; q < k; q++) {
      const av = shape.transposeA ? a[q * m + i] : a[i * k + q];
      for (let j = 0; j < n; j++) c[i * n + j] += av * (shape.transposeB ? b[j * k + q] : b[q * n + j]);
    }
  }
  return c;
}

function relativeError(got: Float32Array, want: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) {
    num = Math.max(num, Math.abs(got[i] - want[i]));
    den = Math.max(den, Math.abs(want[i]));
  }
  return num / (den || 1);
}

function tsImplementation(): Implementation {
  return {
    name: 'ts',
    prepare: (shape) => async (a, b) => {
      const c = new Float32Array(shape.m * shape.n);
      return async () => {
        blockedGemm({ ...shape, a, b, c });
        return c;
      };
    },
  };
}

function wasmImplementation(threads: number, runtime: Promise<WasmRuntime>): Implementation {
  let scratchStart: number | undefined;
  return {
    name: `wasm-${threads}`,
    prepare: (shape) => async (a, b) => {
      const rt = await runtime;
      scratchStart ??= rt.arena.mark();
      rt.arena.release(scratchStart);
      const pa = rt.arena.upload(a);
      const pb = rt.arena.upload(b);
      const pc = rt.arena.alloc(shape.m * shape.n);
      return async () => {
        rt.gemm({ ...shape, a: pa, b: pb, c: pc });
        return rt.arena.f32(pc, shape.m * shape.n);
      };
    },
    close: async () => (await runtime).destroy(),
  };
}

function gpujsImplementation(name: string, gpu: GPU, settings: Record<string, unknown> = {}): Implementation {
  return {
    name,
    prepare: (shape) => async (a, b) => {
      const gemm = createGpujsGemm(gpu, shape, settings);
      return () => gemm.run(a, b);
    },
    close: async () => gpu.destroy(),
  };
}

function pipelineImplementation(): Implementation {
  const gpu = new GPU({ mode: 'webasm' });
  return {
    name: 'gpujs-pipeline',
    prepare: (shape) => async (a, b) => {
      const gemm = createGpujsGemm(gpu, shape, { poolSize: availableParallelism() });
      const kernel = gemm.kernel;
      const aDims: [number, number] = shape.transposeA ? [shape.m, shape.k] : [shape.k, shape.m];
      const bDims: [number, number] = shape.transposeB ? [shape.k, shape.n] : [shape.n, shape.k];
      const pipeline = gpu.createPipeline(function (x: IPipelineHandle, y: IPipelineHandle) {
        return kernel(x, y) as unknown as IPipelineHandle;
      });
      return async () => {
        const result = (await pipeline(flatInput(a, aDims), flatInput(b, bDims))) as Float32Array | Float32Array[];
        if (pipeline.executorKind === 'generic')
          throw new Error(`pipeline fell back to the generic executor: ${pipeline.fallbackReason}`);
        const out = new Float32Array(shape.m * shape.n);
        if (result instanceof Float32Array) out.set(result);
        else result.forEach((row, i) => out.set(row, i * shape.n));
        return out;
      };
    },
    close: async () => gpu.destroy(),
  };
}

const IMPLEMENTATIONS: Record<string, () => Implementation> = {
  ts: tsImplementation,
  'wasm-1': () => wasmImplementation(1, createWasmRuntime(1)),
  'wasm-2': () => wasmImplementation(2, createWasmRuntime(2)),
  'gpujs-cpu': () => gpujsImplementation('gpujs-cpu', new GPU({ mode: 'cpu' })),
  'gpujs-webasm': () => gpujsImplementation('gpujs-webasm', new GPU({ mode: 'webasm' })),
  'gpujs-webasm-async': () =>
    gpujsImplementation('gpujs-webasm-async', new GPU({ mode: 'webasm' }), {
      asyncMode: true,
      poolSize: availableParallelism(),
    }),
  'gpujs-pipeline': pipelineImplementation,
  'gpujs-headlessgl': () => gpujsImplementation('gpujs-headlessgl', new GPU({ mode: 'headlessgl' })),
};

function randomMatrix(size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

interface Row {
  shape: string;
  pass: string;
  mflop: number;
  results: Record<string, { gflops: number; cpuGflops: number; ms: number; relError: number } | { error: string }>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      impl: { type: 'string', default: 'ts,wasm-1,wasm-2,gpujs-cpu,gpujs-webasm,gpujs-webasm-async,gpujs-pipeline' },
      seconds: { type: 'string', default: '0.5' },
      json: { type: 'string' },
    },
  });
  const names = values.impl.split(',');
  for (const name of names)
    if (!IMPLEMENTATIONS[name])
      throw new Error(`unknown --impl ${name}; known: ${Object.keys(IMPLEMENTATIONS).join(', ')}`);
  if (names.includes('gpujs-headlessgl')) await ensureDisplay();
  const seconds = Number(values.seconds);
  const rows: Row[] = CNN_GEMM_SHAPES.map((s) => ({
    shape: s.name,
    pass: s.pass,
    mflop: flopsOf(s) / 1e6,
    results: {},
  }));
  console.log(
    `# GEMM shapes of the tutorial CNN, batch 32; ${availableParallelism()} cores, load average ` +
      `${loadavg()[0].toFixed(2)}`,
  );

  for (const name of names) {
    const impl = IMPLEMENTATIONS[name]();
    for (const [index, shape] of CNN_GEMM_SHAPES.entries()) {
      const a = randomMatrix(shape.m * shape.k, 1 + index);
      const b = randomMatrix(shape.k * shape.n, 101 + index);
      try {
        const call = await impl.prepare(shape)(a, b);
        const relError = relativeError(await call(), referenceProduct(shape, a, b));
        if (!(relError < 1e-4)) throw new Error(`wrong result: relative error ${relError.toExponential(2)}`);
        const t: Timing = await measure(call, seconds);
        rows[index].results[name] = {
          gflops: flopsOf(shape) / t.median / 1e9,
          cpuGflops: flopsOf(shape) / t.cpu / 1e9,
          ms: t.median * 1000,
          relError,
        };
      } catch (error) {
        rows[index].results[name] = { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
      }
      const r = rows[index].results[name];
      const figures =
        'error' in r
          ? r.error
          : `${r.gflops.toFixed(2)} GFLOP/s  ${r.ms.toFixed(3)} ms  ${r.cpuGflops.toFixed(2)} GFLOP per CPU-second`;
      console.error(`${name.padEnd(20)} ${shape.name.padEnd(24)} ${figures}`);
    }
    await impl.close?.();
  }

  const header = ['shape', 'MFLOP', ...names];
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const row of rows) {
    const cells = names.map((n) => {
      const r = row.results[n];
      return 'error' in r ? 'fails' : r.gflops.toFixed(2);
    });
    console.log(`| ${row.shape} | ${row.mflop.toFixed(2)} | ${cells.join(' | ')} |`);
  }
  const totals = names.map((n) =>
    rows.reduce((sum, row) => sum + ('ms' in row.results[n] ? (row.results[n] as { ms: number }).ms : NaN), 0),
  );
  console.log(
    `| all GEMMs of one step (ms) | ${rows.reduce((s, r) => s + r.mflop, 0).toFixed(1)} | ` +
      `${totals.map((t) => t.toFixed(2)).join(' | ')} |`,
  );
  if (values.json) writeFileSync(values.json, JSON.stringify({ loadAverage: loadavg()[0], rows }, null, 2));
}

await main();
