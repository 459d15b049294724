import { bindings, groupIndex, groupsFor, threadIndex, WORKGROUP, type GpuTensor, type WebGpuRuntime } from '../runtime';

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
    code: () => `${bindings(spec.inputs.map(([n]) => n), spec.outputs.map(([n]) => n), spec.uniforms?.length ?? 0)}
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

export function reduction(rt: WebGpuRuntime, spec: ReductionSpec): void {
  rt.dispatch({
    key: `${spec.key}|c${spec.count}|r${spec.length}`,
    code: () => `${bindings(spec.inputs.map(([n]) => n), spec.outputs.map(([n]) => n))}
${spec.prelude ?? ''}
var<workgroup> part: array<f32, ${WORKGROUP}>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  ${groupIndex(spec.count)}
  ${spec.setup ?? ''}
  var acc = 0.0;
  for (var r = lid.x; r < ${spec.length}u; r += ${WORKGROUP}u) {
    ${spec.accumulate ?? `acc += ${spec.term};`}
  }
  part[lid.x] = acc;
  workgroupBarrier();
  for (var k = ${WORKGROUP / 2}u; k > 0u; k = k >> 1u) {
    if (lid.x < k) { part[lid.x] += part[lid.x + k]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    let total = part[0];
    ${spec.finish}
  }
}`,
    buffers: [...spec.inputs.map(([, t]) => t.buffer), ...spec.outputs.map(([, t]) => t.buffer)],
    groups: groupsFor(spec.count, 1),
  });
}
