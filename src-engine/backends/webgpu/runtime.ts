/// <reference types="@webgpu/types" />

/**
 * The WebGPU runtime under the webgpu training engine: resident f32 storage buffers, compute pipelines
 * compiled once per (kernel, shape) and cached, and every dispatch recorded into one command encoder that
 * is submitted only when the engine needs a result (or a step ends). Pure code: no Node built-ins, no DOM,
 * so the same engine runs on Dawn in Node (the `webgpu` package) and in a browser's `navigator.gpu`.
 */

// WebGPU's flag values, spelled out: under Node the GPUBufferUsage globals exist only after Dawn installs them.
const STORAGE = 0x80;
const UNIFORM = 0x40;
const COPY_SRC = 0x04;
const COPY_DST = 0x08;
const MAP_READ = 0x01;
const MAP_MODE_READ = 0x01;

export const WORKGROUP = 64;
const MAX_GROUPS = 65535;

/** A tensor resident on the device. `buffer` may be shared by reshaped views of the same values. */
export interface GpuTensor {
  readonly shape: readonly number[];
  readonly size: number;
  readonly buffer: GPUBuffer;
}

export interface DispatchSpec {
  /** Cache key of the compiled pipeline: everything the WGSL source depends on. */
  key: string;
  /** The WGSL source, only called the first time `key` is seen. */
  code: () => string;
  /** Bindings 0… in the order the source declares them (inputs read-only, then outputs read-write). */
  buffers: GPUBuffer[];
  /** Workgroups to launch; use `groupsFor` for one thread per element. */
  groups: readonly [number, number];
  /** A small uniform block bound after the buffers (scalars that change every call, e.g. Adam's step size). */
  uniforms?: Float32Array;
}

/** Workgroups for `threads` invocations of `WORKGROUP`-wide groups, folded into two axes past the 65,535 limit. */
export function groupsFor(threads: number, width = WORKGROUP): [number, number] {
  const groups = Math.max(1, Math.ceil(threads / width));
  if (groups <= MAX_GROUPS) return [groups, 1];
  return [MAX_GROUPS, Math.ceil(groups / MAX_GROUPS)];
}

/** WGSL for the flat index of this invocation under `groupsFor(threads)`, returning early past `threads`. */
export function threadIndex(threads: number, width = WORKGROUP): string {
  const [x] = groupsFor(threads, width);
  return `let i = gid.x + gid.y * ${x * width}u;\n  if (i >= ${threads}u) { return; }`;
}

/**
 * WGSL for the flat workgroup index under `groupsFor(count, 1)`
 * (one workgroup per output), returning early past `count`.
 */
export function groupIndex(count: number): string {
  const [x] = groupsFor(count, 1);
  return `let o = wid.x + wid.y * ${x}u;\n  if (o >= ${count}u) { return; }`;
}

/** Binding declarations: read-only inputs, then read-write outputs, then the uniform block if any. */
export function bindings(inputs: readonly string[], outputs: readonly string[], uniformFields = 0): string {
  const lines = [
    ...inputs.map((name, i) => `@group(0) @binding(${i}) var<storage, read> ${name}: array<f32>;`),
    ...outputs.map(
      (name, i) => `@group(0) @binding(${inputs.length + i}) var<storage, read_write> ${name}: array<f32>;`,
    ),
  ];
  if (uniformFields > 0) {
    const n = Math.ceil(uniformFields / 4);
    lines.push(`@group(0) @binding(${inputs.length + outputs.length}) var<uniform> u: array<vec4<f32>, ${n}>;`);
  }
  return lines.join('\n');
}

/** A float literal WGSL accepts for any finite number. */
export function f(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`WGSL constant must be finite, got ${x}`);
  const s = Math.fround(x).toPrecision(9);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

export interface RuntimeStats {
  pipelines: number;
  dispatches: number;
  submits: number;
  readbacks: number;
  /** Bytes held by live and pooled storage buffers. */
  bytes: number;
}

let nextBufferId = 1;

/** Bytes of a buffer holding `floats` f32 values: WebGPU wants sizes in multiples of 4, uniforms of 16. */
function paddedBytes(floats: number): number {
  return Math.max(16, Math.ceil((floats * 4) / 16) * 16);
}

/** Returns a buffer to the pool of its size. */
function returnToPool(into: Map<number, GPUBuffer[]>, buffer: GPUBuffer): void {
  const list = into.get(buffer.size);
  if (list) list.push(buffer);
  else into.set(buffer.size, [buffer]);
}

/**
 * Buffers, pipelines and the open command encoder of one GPUDevice.
 *
 * Memory: allocations made inside `scoped(f)` return to a pool when the scope ends (after the encoder that
 * used them is submitted, so a later upload into a reused buffer is ordered after every use of the old
 * contents); allocations inside `persistently(f)` live until the runtime is destroyed.
 */
export class WebGpuRuntime {
  readonly device: GPUDevice;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly ids = new WeakMap<GPUBuffer, number>();
  private readonly pool = new Map<number, GPUBuffer[]>();
  private readonly scopes: GPUBuffer[][] = [];
  private persistent = 0;
  /** Uniform buffers of the commands not yet submitted: pooled again after the submit. */
  private transient: GPUBuffer[] = [];
  private readonly uniformPool = new Map<number, GPUBuffer[]>();
  private readonly stagingPool = new Map<number, GPUBuffer[]>();
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private lost: string | null = null;
  private errorChecks: Promise<void>[] = [];
  readonly stats: RuntimeStats = { pipelines: 0, dispatches: 0, submits: 0, readbacks: 0, bytes: 0 };

  /**
   * Tests set `poison`: every buffer handed out is filled with NaN first, so a kernel that leaves an output
   * element unwritten shows up as NaN instead of passing on a reused buffer's stale values.
   */
  constructor(
    device: GPUDevice,
    private readonly options: { poison?: boolean } = {},
  ) {
    this.device = device;
    void device.lost.then((info) => {
      this.lost ??= `the GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''})`;
    });
    // Every command sits inside a validation and an out-of-memory error scope, reopened at each submit: an error
    // makes every later result suspect, so the next call throws it. (Scopes, not an `uncapturederror` listener:
    // Dawn's Node build accepts no JavaScript listener there.)
    this.openErrorScopes();
  }

  private openErrorScopes(): void {
    this.device.pushErrorScope('validation');
    this.device.pushErrorScope('out-of-memory');
  }

  /** Closes the scopes of what was submitted so far (their verdict arrives later) and opens new ones. */
  private checkErrors(): void {
    const outOfMemory = this.device.popErrorScope();
    const validation = this.device.popErrorScope();
    this.openErrorScopes();
    this.errorChecks.push(
      Promise.all([outOfMemory, validation]).then(
        ([oom, invalid]) => {
          const error = oom ?? invalid;
          if (error)
            this.lost ??= oom
              ? `the GPU ran out of memory (${oom.message}); use a smaller batch size or model`
              : `WebGPU reported an error: ${error.message}`;
        },
        () => undefined,
      ),
    );
    if (this.errorChecks.length > 64) this.errorChecks.splice(0, this.errorChecks.length - 64);
  }

  /** Throws when the device is gone, so a caller can fall back to another backend. */
  check(): void {
    if (this.lost) throw new Error(this.lost);
  }

  scoped<R>(f: () => R): R {
    this.scopes.push([]);
    try {
      return f();
    } finally {
      const owned = this.scopes.pop()!;
      if (this.persistent === 0 && owned.length) {
        this.flush();
        for (const b of owned) returnToPool(this.pool, b);
      } else if (this.scopes.length) {
        this.scopes[this.scopes.length - 1].push(...owned);
      }
    }
  }

  persistently<R>(f: () => R): R {
    this.persistent++;
    try {
      return f();
    } finally {
      this.persistent--;
    }
  }

  /** A storage buffer of at least `size` floats (zeroed only when newly created). */
  buffer(size: number): GPUBuffer {
    this.check();
    const bytes = paddedBytes(size);
    const limit = Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize);
    if (bytes > limit) {
      const mib = (n: number) => `${(n / 2 ** 20).toFixed(n < 2 ** 24 ? 1 : 0)} MiB`;
      throw new Error(
        `a tensor of ${mib(bytes)} exceeds the largest buffer this GPU binds (${mib(limit)}): use a smaller batch ` +
          `size, smaller images or fewer filters`,
      );
    }
    const reused = this.persistent === 0 ? this.pool.get(bytes)?.pop() : undefined;
    const buffer = reused ?? this.create(bytes);
    if (this.persistent === 0 && this.scopes.length) this.scopes[this.scopes.length - 1].push(buffer);
    if (this.options.poison) this.device.queue.writeBuffer(buffer, 0, new Uint32Array(bytes / 4).fill(0x7fc00000));
    return buffer;
  }

  tensor(shape: readonly number[]): GpuTensor {
    const size = shape.reduce((a, b) => a * b, 1);
    return { shape: [...shape], size, buffer: this.buffer(size) };
  }

  upload(shape: readonly number[], values: ArrayLike<number>): GpuTensor {
    const t = this.tensor(shape);
    if (values.length !== t.size)
      throw new Error(`shape [${shape.join(', ')}] needs ${t.size} values, got ${values.length}`);
    if (t.size > 0) {
      const data = values instanceof Float32Array ? values : Float32Array.from(values);
      this.device.queue.writeBuffer(t.buffer, 0, data.buffer, data.byteOffset, t.size * 4);
    }
    return t;
  }

  /** Overwrites a tensor's values from the host (weights loaded into a running engine). */
  write(t: GpuTensor, values: Float32Array): void {
    this.check();
    this.flush();
    this.device.queue.writeBuffer(t.buffer, 0, values.buffer, values.byteOffset, t.size * 4);
  }

  dispatch(spec: DispatchSpec): void {
    this.check();
    let pipeline = this.pipelines.get(spec.key);
    if (!pipeline) {
      const module = this.device.createShaderModule({ code: spec.code(), label: spec.key });
      pipeline = this.device.createComputePipeline({
        layout: 'auto',
        compute: { module, entryPoint: 'main' },
        label: spec.key,
      });
      this.pipelines.set(spec.key, pipeline);
      this.stats.pipelines++;
    }
    const buffers = [...spec.buffers];
    if (spec.uniforms) {
      const bytes = paddedBytes(spec.uniforms.length);
      const u =
        this.uniformPool.get(bytes)?.pop() ?? this.device.createBuffer({ size: bytes, usage: UNIFORM | COPY_DST });
      const data = new Float32Array(bytes / 4);
      data.set(spec.uniforms);
      this.device.queue.writeBuffer(u, 0, data);
      this.transient.push(u);
      buffers.push(u);
    }
    const bindKey = `${spec.key}|${buffers.map((b) => this.idOf(b)).join(',')}`;
    let group = this.bindGroups.get(bindKey);
    if (!group) {
      group = this.device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      if (this.bindGroups.size > 20000) this.bindGroups.clear();
      this.bindGroups.set(bindKey, group);
    }
    if (!this.pass) {
      this.encoder ??= this.device.createCommandEncoder();
      this.pass = this.encoder.beginComputePass();
    }
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, group);
    this.pass.dispatchWorkgroups(spec.groups[0], spec.groups[1]);
    this.stats.dispatches++;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  /** Submits what was recorded. Buffers released since then become reusable. */
  flush(): void {
    this.endPass();
    if (this.encoder) {
      this.device.queue.submit([this.encoder.finish()]);
      this.encoder = null;
      this.stats.submits++;
      this.checkErrors();
    }
    for (const u of this.transient) returnToPool(this.uniformPool, u);
    this.transient = [];
  }

  /**
   * Starts copying the tensors' values to the host and submits; the promise resolves with one array per
   * tensor once the GPU has finished. Work recorded later does not wait for it.
   */
  read(tensors: readonly GpuTensor[]): Promise<Float32Array[]> {
    this.check();
    const total = tensors.reduce((s, t) => s + t.size, 0);
    const bytes = paddedBytes(total);
    const staging =
      this.stagingPool.get(bytes)?.pop() ?? this.device.createBuffer({ size: bytes, usage: MAP_READ | COPY_DST });
    this.endPass();
    this.encoder ??= this.device.createCommandEncoder();
    let offset = 0;
    for (const t of tensors) {
      if (t.size > 0) this.encoder.copyBufferToBuffer(t.buffer, 0, staging, offset * 4, t.size * 4);
      offset += t.size;
    }
    this.flush();
    this.stats.readbacks++;
    const checks = this.errorChecks.splice(0);
    return Promise.all([staging.mapAsync(MAP_MODE_READ), ...checks]).then(
      () => {
        this.check();
        const all = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
        staging.unmap();
        returnToPool(this.stagingPool, staging);
        let at = 0;
        return tensors.map((t) => {
          const out = all.slice(at, at + t.size);
          at += t.size;
          return out;
        });
      },
      (error: unknown) => {
        throw new Error(
          this.lost ??
            `reading a result back from the GPU failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
  }

  destroy(): void {
    this.pass = null;
    this.encoder = null;
    for (const pool of [this.pool, this.uniformPool, this.stagingPool])
      for (const list of pool.values()) for (const b of list) b.destroy();
    this.pool.clear();
    this.bindGroups.clear();
    this.pipelines.clear();
  }

  private create(bytes: number): GPUBuffer {
    const buffer = this.device.createBuffer({ size: bytes, usage: STORAGE | COPY_SRC | COPY_DST });
    this.ids.set(buffer, nextBufferId++);
    this.stats.bytes += bytes;
    return buffer;
  }

  private idOf(buffer: GPUBuffer): number {
    let id = this.ids.get(buffer);
    if (id === undefined) {
      id = nextBufferId++;
      this.ids.set(buffer, id);
    }
    return id;
  }
}
