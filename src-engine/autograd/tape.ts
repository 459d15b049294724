import { dispatcher, type Backend, type KernelName } from '../kernels/contracts';
import { runGradient, type GradientContext } from '../kernels/gradients';

/** One recorded kernel call: what its gradient definition needs later. */
export interface TapeNode<T> {
  readonly kernel: KernelName;
  readonly inputs: readonly (T | null)[];
  readonly attrs: unknown;
  readonly outputs: readonly (T | null)[];
}

/**
 * Records kernel calls whose inputs depend on a watched tensor (micrograd / TF.js `variableGrads` style);
 * every other call costs nothing. Tensors are identified by object identity.
 */
export class Tape<T extends object> {
  readonly nodes: TapeNode<T>[] = [];
  private readonly tracked = new WeakSet<T>();
  private backend: Backend<T> | null = null;

  watch(x: T): void {
    this.tracked.add(x);
  }

  /** True when `x` is watched or was computed from a watched tensor. */
  isTracked(x: T | null | undefined): boolean {
    return x !== null && x !== undefined && this.tracked.has(x);
  }

  /** Keeps the call when one of its inputs is tracked; its outputs then become tracked. */
  record(
    backend: Backend<T>,
    kernel: KernelName,
    inputs: readonly (T | null)[],
    attrs: unknown,
    outputs: readonly (T | null)[],
  ): void {
    if (!inputs.some((x) => this.isTracked(x))) return;
    if (this.backend && this.backend !== backend) {
      throw new Error(
        `one gradient computation mixes the '${this.backend.name}` +
          `' and '${backend.name}' backends; use one backend per step`,
      );
    }
    this.backend = backend;
    this.nodes.push({ kernel, inputs, attrs, outputs });
    for (const y of outputs) if (y) this.tracked.add(y);
  }

  /** d(Σ value)/d(each source), walking the tape backwards; null where a source does not reach `value`. */
  gradients(value: T, sources: readonly T[]): (T | null)[] {
    const backend = this.backend;
    if (!backend || !this.isTracked(value)) return sources.map(() => null);
    const run = dispatcher(backend.kernels);
    const grads = new Map<T, T>();
    grads.set(value, run('Scale', [value], { factor: 0, offset: 1 })[0]);
    const keep = new Set<T>(sources);
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i];
      const dys = node.outputs.map((y) => (y ? (grads.get(y) ?? null) : null));
      if (dys.every((d) => d === null)) continue;
      const needs = node.inputs.map((x) => this.isTracked(x));
      const ctx = {
        inputs: node.inputs,
        attrs: node.attrs,
        outputs: node.outputs,
        needs,
        run,
        shapeOf: backend.shapeOf,
      };
      const dxs = runGradient(node.kernel, dys, ctx as unknown as GradientContext<KernelName, T>);
      if (!dxs) throw new Error(`the gradient flows through '${node.kernel}', which is not differentiable`);
      for (const y of node.outputs) if (y && !keep.has(y)) grads.delete(y);
      node.inputs.forEach((x, k) => {
        const dx = dxs[k];
        if (!x || !needs[k] || !dx) return;
        const xShape = backend.shapeOf(x);
        const dxShape = backend.shapeOf(dx);
        if (xShape.join() !== dxShape.join()) {
          throw new Error(
            `gradient of ${node.kernel} input ${k} has shape [${dxShape.join(', ')}], expected [${xShape.join(', ')}]`,
          );
        }
        const previous = grads.get(x);
        grads.set(x, previous ? run('AddN', [previous, dx], {})[0] : dx);
      });
    }
    return sources.map((s) => grads.get(s) ?? null);
  }
}

let active: Tape<object> | null = null;

/** The tape recording right now, if any (op facades record onto it). */
export function activeTape(): Tape<object> | null {
  return active;
}

export interface ValueAndGrads<T> {
  value: T;
  /** One per source, in order; null where the value does not depend on that source (Keras skips such variables). */
  grads: (T | null)[];
}

/**
 * Runs `f` while recording, then returns its value and the gradient of Σ value with respect to each
 * source tensor (weights, or an input for saliency). Sources must exist before `f` runs. Not re-entrant:
 * higher-order gradients are not supported.
 */
export function valueAndGrads<T extends object>(f: () => T, sources: readonly T[]): ValueAndGrads<T> {
  const { tape, result: value } = recording('valueAndGrads', sources, f);
  return { value, grads: tape.gradients(value, sources) };
}

/**
 * Like `valueAndGrads`, for gradients with respect to tensors that `f` itself computes (an intermediate layer's
 * output, as Grad-CAM needs): `watched` (e.g. the input) is recorded from, and `f` returns the value and the
 * intermediate tensors `at` to differentiate with respect to.
 */
export function valueAndGradsAt<T extends object>(
  f: () => { value: T; at: readonly T[] },
  watched: readonly T[],
): ValueAndGrads<T> {
  const { tape, result } = recording('valueAndGradsAt', watched, f);
  return { value: result.value, grads: tape.gradients(result.value, result.at) };
}

/** Runs `f` with a fresh tape active that watches `watched`; `caller` names the refusal of a nested recording. */
function recording<T extends object, R>(
  caller: string,
  watched: readonly T[],
  f: () => R,
): { tape: Tape<T>; result: R } {
  if (active) throw new Error(`${caller}: already recording; nested gradient computations are not supported`);
  const tape = new Tape<T>();
  for (const s of watched) tape.watch(s);
  active = tape as unknown as Tape<object>;
  try {
    return { tape, result: f() };
  } finally {
    active = null;
  }
}
