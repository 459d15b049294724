/**
 * A minimal WebAssembly binary writer: sections, LEB128 and the scalar / SIMD opcodes the hand-written
 * kernels use. Emitting bytes from TypeScript keeps the build free of a wasm toolchain (no .wat, no
 * extra npm package), so CI and the Electron bundle need nothing new.
 */

export type ValType = 'i32' | 'f32' | 'v128';

const VAL_TYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

export function uleb(value: number, out: number[]): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

export function sleb(value: number, out: number[]): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function name(text: string, out: number[]): void {
  const bytes = new TextEncoder().encode(text);
  uleb(bytes.length, out);
  out.push(...bytes);
}

/** Instruction emitter for one function body; locals are indices handed out by `local()`. */
export class Body {
  readonly code: number[] = [];
  private readonly extraLocals: ValType[] = [];

  constructor(readonly paramCount: number) {}

  local(type: ValType): number {
    this.extraLocals.push(type);
    return this.paramCount + this.extraLocals.length - 1;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  private simd(opcode: number, ...immediates: number[]): this {
    this.code.push(0xfd);
    uleb(opcode, this.code);
    this.code.push(...immediates);
    return this;
  }
  private memarg(alignLog2: number, offset: number): number[] {
    const out: number[] = [];
    uleb(alignLog2, out);
    uleb(offset, out);
    return out;
  }

  get(index: number): this {
    this.code.push(0x20);
    uleb(index, this.code);
    return this;
  }
  set(index: number): this {
    this.code.push(0x21);
    uleb(index, this.code);
    return this;
  }
  tee(index: number): this {
    this.code.push(0x22);
    uleb(index, this.code);
    return this;
  }
  i32(value: number): this {
    this.code.push(0x41);
    sleb(value, this.code);
    return this;
  }
  f32(value: number): this {
    const bytes = new Uint8Array(new Float32Array([value]).buffer);
    return this.op(0x43, ...bytes);
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32Shl(): this {
    return this.op(0x74);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32Or(): this {
    return this.op(0x72);
  }
  i32DivU(): this {
    return this.op(0x6e);
  }
  i32RemU(): this {
    return this.op(0x70);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  /** Pops c, b, a; pushes a when c is non-zero, else b. */
  select(): this {
    return this.op(0x1b);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32GtS(): this {
    return this.op(0x4a);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  i32Ne(): this {
    return this.op(0x47);
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f32Gt(): this {
    return this.op(0x5e);
  }
  f32Sub(): this {
    return this.op(0x93);
  }
  f32Div(): this {
    return this.op(0x95);
  }
  f32Sqrt(): this {
    return this.op(0x91);
  }
  /** The f32 whose bits are the i32 on the stack (how float arguments travel through the thread pool). */
  f32FromBits(): this {
    return this.op(0xbe);
  }
  f32Mul(): this {
    return this.op(0x94);
  }
  i32Load(offset = 0): this {
    return this.op(0x28, ...this.memarg(2, offset));
  }
  f32Load(offset = 0): this {
    return this.op(0x2a, ...this.memarg(2, offset));
  }
  f32Store(offset = 0): this {
    return this.op(0x38, ...this.memarg(2, offset));
  }
  drop(): this {
    return this.op(0x1a);
  }
  /** `block` / `loop` / `if` with an empty result type. */
  block(): this {
    return this.op(0x02, 0x40);
  }
  loop(): this {
    return this.op(0x03, 0x40);
  }
  if(): this {
    return this.op(0x04, 0x40);
  }
  else(): this {
    return this.op(0x05);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, depth);
  }
  brIf(depth: number): this {
    return this.op(0x0d, depth);
  }
  v128Load(offset = 0): this {
    return this.simd(0x00, ...this.memarg(4, offset));
  }
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09, ...this.memarg(2, offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, ...this.memarg(4, offset));
  }
  v128Zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  /** A v128 constant holding four f32 lanes. */
  v128F32(a: number, b = a, c = a, d = a): this {
    return this.simd(0x0c, ...new Uint8Array(new Float32Array([a, b, c, d]).buffer));
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  i32x4Splat(): this {
    return this.simd(0x11);
  }
  i32x4ExtractLane(lane: number): this {
    return this.simd(0x1b, lane);
  }
  f32x4Gt(): this {
    return this.simd(0x44);
  }
  v128And(): this {
    return this.simd(0x4e);
  }
  /** Pops mask, b, a; lanes of a where the mask bits are set, of b elsewhere. */
  v128Bitselect(): this {
    return this.simd(0x52);
  }
  /** Pseudo-maximum: b where a < b, else a (so a NaN in b never wins, as `if (v > best)` in JS). */
  f32x4Pmax(): this {
    return this.simd(0xeb);
  }
  f32x4ExtractLane(lane: number): this {
    return this.simd(0x1f, lane);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  f32x4Sqrt(): this {
    return this.simd(0xe3);
  }
  f32x4Max(): this {
    return this.simd(0xe9);
  }

  /**
   * for (counter = from; counter < to; counter += step) body — `from` and `to` push one i32 each
   * (`to` is evaluated every iteration); inside `body`, depth 0 is the loop and 1 exits it.
   */
  forRange(counter: number, from: (f: this) => void, to: (f: this) => void, body: (f: this) => void, step = 1): this {
    from(this);
    this.set(counter);
    this.block().loop();
    this.get(counter);
    to(this);
    this.i32GeS().brIf(1);
    body(this);
    this.get(counter).i32(step).i32Add().set(counter);
    this.br(0);
    return this.end().end();
  }

  /**
   * for (i = from; i < to; i += 4) vector(i) while four lanes fit, then the scalar tail one at a time.
   */
  simdRange(
    i: number,
    from: (f: this) => void,
    to: (f: this) => void,
    vector: (f: this) => void,
    scalar: (f: this) => void,
  ): this {
    from(this);
    this.set(i);
    this.block().loop();
    this.get(i).i32(4).i32Add();
    to(this);
    this.i32GtS().brIf(1);
    vector(this);
    this.get(i).i32(4).i32Add().set(i);
    this.br(0);
    this.end().end();
    return this.forRange(i, (f) => f.get(i), to, scalar);
  }

  /** Serialised body: locals grouped by runs of the same type, then the code and `end`. */
  bytes(): number[] {
    const groups: Array<[number, ValType]> = [];
    for (const type of this.extraLocals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === type) last[0] += 1;
      else groups.push([1, type]);
    }
    const out: number[] = [];
    uleb(groups.length, out);
    for (const [count, type] of groups) {
      uleb(count, out);
      out.push(VAL_TYPE[type]);
    }
    out.push(...this.code, 0x0b);
    return out;
  }
}

interface FunctionDef {
  exportName: string;
  params: ValType[];
  results: ValType[];
  body: Body;
}

export interface MemoryImport {
  initialPages: number;
  maximumPages: number;
  shared: boolean;
}

/** Builds a module that imports `env.memory` and exports the functions added to it. */
export class ModuleWriter {
  private readonly functions: FunctionDef[] = [];

  constructor(private readonly memory: MemoryImport | null) {}

  addFunction(exportName: string, params: ValType[], results: ValType[]): Body {
    const body = new Body(params.length);
    this.functions.push({ exportName, params, results, body });
    return body;
  }

  toBytes(): Uint8Array {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, content: number[]): void => {
      out.push(id);
      uleb(content.length, out);
      out.push(...content);
    };

    const types: number[] = [];
    uleb(this.functions.length, types);
    for (const f of this.functions) {
      types.push(0x60);
      uleb(f.params.length, types);
      for (const p of f.params) types.push(VAL_TYPE[p]);
      uleb(f.results.length, types);
      for (const r of f.results) types.push(VAL_TYPE[r]);
    }
    section(1, types);

    if (this.memory) {
      const imports: number[] = [];
      uleb(1, imports);
      name('env', imports);
      name('memory', imports);
      imports.push(0x02, this.memory.shared ? 0x03 : 0x01);
      uleb(this.memory.initialPages, imports);
      uleb(this.memory.maximumPages, imports);
      section(2, imports);
    }

    const funcs: number[] = [];
    uleb(this.functions.length, funcs);
    this.functions.forEach((_, i) => uleb(i, funcs));
    section(3, funcs);

    const exports: number[] = [];
    uleb(this.functions.length, exports);
    this.functions.forEach((f, i) => {
      name(f.exportName, exports);
      exports.push(0x00);
      uleb(i, exports);
    });
    section(7, exports);

    const code: number[] = [];
    uleb(this.functions.length, code);
    for (const f of this.functions) {
      const body = f.body.bytes();
      uleb(body.length, code);
      code.push(...body);
    }
    section(10, code);
    return new Uint8Array(out);
  }
}
