import {
  bindings,
  groupIndex,
  groupsFor,
  threadIndex,
  WORKGROUP,
  type GpuTensor,
  type WebGpuRuntime,
} from '../runtime';

/**
 * Builders for the two kernel shapes every WebGPU kernel here takes: one invocation per output element
 * (`elementwise`), and one workgroup per output element whose 64 lanes share a long reduction
 * (`reduction`, a tree sum in workgroup memory). Each returns nothing; the outputs are written in place.
 */

export interface ElementwiseSpec {
  key: string;
  inputs: [string, GpuTensor][];
  outputs: [string, GpuTensor][];
  /** Invocations: usually the size of the first output. */
  threads: number;
  /** WGSL statements using the flat index `i`. */
  body: string;
  /** WGSL declarations placed before `main` (helper functions, constants). */
  prelude?: string;
  uniforms?: Float32Array;
}

export function elementwise(rt: WebGpuRuntime, spec: ElementwiseSpec): void {
  rt.dispatch({
    key: `${spec.key}|n${spec.threads}`,
    code: () => `${bindings(
      spec.inputs.map(([n]) => n),
      spec.outputs.map(([n]) => n),
      spec.uniforms?.length ?? 0,
    )}
${spec.prelude ?? ''}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  ${threadIndex(spec.threads)}
  ${spec.body}
}`,
    buffers: [...spec.inputs.map(([, t]) => t.buffer), ...spec.outputs.map(([, t]) => t.buffer)],
    groups: groupsFor(spec.threads),
    uniforms: spec.uniforms,
  });
}

/** A new tensor of zeros (pooled buffers hold earlier values). */
export function zeros(rt: WebGpuRuntime, shape: readonly number[]): GpuTensor {
  const t = rt.tensor(shape);
  elementwise(rt, { key: 'Fill0', inputs: [], outputs: [['y', t]], threads: t.size, body: 'y[i] = 0.0;' });
  return t;
}

export interface ReductionSpec {
  key: string;
  inputs: [string, GpuTensor][];
  outputs: [string, GpuTensor][];
  /** Output elements, one workgroup each (flat index `o`). */
  count: number;
  /** Terms to sum per output (index `r`, 0 ≤ r < length). */
  length: number;
  /** WGSL statements run once per lane before the loop (may derive values from `o`). */
  setup?: string;
  /** WGSL expression of term `r` of output `o`… */
  term?: string;
  /** …or WGSL statements that add the terms of iteration `r` to `acc` (may `continue`). */
  accumulate?: string;
  /** WGSL statements run by lane 0 with the total in `total`. */
  finish: string;
  prelude?: string;
}

/** Threads that keep a large GPU busy; a reduction with fewer outputs × lanes splits its sums into chunks. */
const BUSY_THREADS = 1 << 16;
const MIN_CHUNK = 2048;
const MAX_CHUNKS = 64;

/** How many chunks a reduction's sums are split into (1: a single pass). */
export function reductionChunks(count: number, length: number): number {
  if (length < 2 * MIN_CHUNK || count * WORKGROUP >= BUSY_THREADS) return 1;
  return Math.max(
    1,
    Math.min(MAX_CHUNKS, Math.ceil(length / MIN_CHUNK), Math.floor(BUSY_THREADS / (count * WORKGROUP))),
  );
}

/** The bindings a piece of WGSL names (a pipeline with an automatic layout rejects unused ones). */
function used(list: [string, GpuTensor][], code: string): [string, GpuTensor][] {
  return list.filter(([name]) => new RegExp(`\\b${name}\\b`).test(code));
}

/**
 * One workgroup per output, 64 lanes over its terms. When there are few outputs and long sums (a conv layer's
 * bias gradient, batch-norm statistics), the sums are split into chunks over more workgroups, and a second pass
 * adds the chunks and runs `finish`.
 */
export function reduction(rt: WebGpuRuntime, spec: ReductionSpec): void {
  const chunks = reductionChunks(spec.count, spec.length);
  const loop = (from: string, to: string) => `var acc = 0.0;
  for (var r = ${from} + lid.x; r < ${to}; r += ${WORKGROUP}u) {
    ${spec.accumulate ?? `acc += ${spec.term};`}
  }
  part[lid.x] = acc;
  workgroupBarrier();
  for (var k = ${WORKGROUP / 2}u; k > 0u; k = k >> 1u) {
    if (lid.x < k) { part[lid.x] += part[lid.x + k]; }
    workgroupBarrier();
  }`;
  const header = (inputs: [string, GpuTensor][], outputs: [string, GpuTensor][]) =>
    `${bindings(
      inputs.map(([n]) => n),
      outputs.map(([n]) => n),
    )}\n${spec.prelude ?? ''}\nvar<workgroup> part: array<f32, ${WORKGROUP}>;`;
  const bindingCount = spec.inputs.length + spec.outputs.length;
  if (chunks === 1 || bindingCount + 1 > 8) {
    rt.dispatch({
      key: `${spec.key}|c${spec.count}|r${spec.length}`,
      code: () => `${header(spec.inputs, spec.outputs)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  ${groupIndex(spec.count)}
  ${spec.setup ?? ''}
  ${loop('0u', `${spec.length}u`)}
  if (lid.x == 0u) {
    let total = part[0];
    ${spec.finish}
  }
}`,
      buffers: [...spec.inputs.map(([, t]) => t.buffer), ...spec.outputs.map(([, t]) => t.buffer)],
      groups: groupsFor(spec.count, 1),
    });
    return;
  }
  const per = Math.ceil(spec.length / chunks);
  const partial = rt.tensor([chunks, spec.count]);
  const firstCode = `${spec.prelude ?? ''} ${spec.setup ?? ''} ${spec.term ?? ''} ${spec.accumulate ?? ''}`;
  const first = [...used(spec.inputs, firstCode), ...used(spec.outputs, firstCode)];
  rt.dispatch({
    key: `${spec.key}|c${spec.count}|r${spec.length}|chunks${chunks}`,
    code: () => `${header(first, [['partial', partial]])}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let o = wid.x;
  let chunk = wid.y;
  ${spec.setup ?? ''}
  ${loop(`chunk * ${per}u`, `min((chunk + 1u) * ${per}u, ${spec.length}u)`)}
  if (lid.x == 0u) { partial[chunk * ${spec.count}u + o] = part[0]; }
}`,
    buffers: [...first.map(([, t]) => t.buffer), partial.buffer],
    groups: [spec.count, chunks],
  });
  const lastCode = `${spec.setup ?? ''} ${spec.finish}`;
  const lastInputs = used(spec.inputs, lastCode);
  const lastOutputs = used(spec.outputs, lastCode);
  rt.dispatch({
    key: `${spec.key}|c${spec.count}|r${spec.length}|chunks${chunks}|sum`,
    code: () => `${bindings(
      [...lastInputs.map(([n]) => n), 'partial'],
      lastOutputs.map(([n]) => n),
    )}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  ${threadIndex(spec.count)}
  let o = i;
  ${spec.setup ?? ''}
  var total = 0.0;
  for (var k = 0u; k < ${chunks}u; k++) { total += partial[k * ${spec.count}u + o]; }
  ${spec.finish}
}`,
    buffers: [...lastInputs.map(([, t]) => t.buffer), partial.buffer, ...lastOutputs.map(([, t]) => t.buffer)],
    groups: groupsFor(spec.count),
  });
}
