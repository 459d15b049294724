// The Node-side TypeScript config has no DOM lib, and @types/node 20 does not declare the WebAssembly
// global; this declares the part of it the wasm kernels use (the same signatures as lib.dom.d.ts).
declare namespace WebAssembly {
  type ImportValue = Memory | ((...args: number[]) => number | void) | number;
  type Imports = Record<string, Record<string, ImportValue>>;
  type Exports = Record<string, unknown>;

  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  interface Memory {
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
  const Memory: {
    prototype: Memory;
    new (descriptor: MemoryDescriptor): Memory;
  };

  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an opaque handle, as in lib.dom.d.ts
  interface Module {}
  const Module: {
    prototype: Module;
    new (bytes: ArrayBufferView | ArrayBuffer): Module;
  };

  interface Instance {
    readonly exports: Exports;
  }
  const Instance: {
    prototype: Instance;
    new (module: Module, imports?: Imports): Instance;
  };

  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}
