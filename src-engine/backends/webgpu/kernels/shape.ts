import type { GpuTensor } from '../runtime';
import { sizeOf, type WebGpuKernels } from './types';
import { elementwise } from './wgsl';

export const SHAPE_KERNELS: Pick<WebGpuKernels, 'Pad2D' | 'Slice' | 'Reshape' | 'Concat'> = {
  Pad2D: (rt, [x], { top, bottom, left, right }) => {
    if (x.shape.length !== 4) throw new Error(`Pad2D: x must be NHWC (rank 4), got [${x.shape.join(', ')}]`);
    const [n, h, w, c] = x.shape;
    const H = h + top + bottom;
    const W = w + left + right;
    const y = rt.tensor([n, H, W, c]);
    elementwise(rt, {
      key: `Pad2D|${x.shape}|${top},${left},${H},${W}`,
      inputs: [['x', x]],
      outputs: [['y', y]],
      threads: y.size,
      body: `let ch = i % ${c}u; let p = i / ${c}u; let ox = i32(p % ${W}u) - ${left}; let q = p / ${W}u;
  let oy = i32(q % ${H}u) - ${top}; let b = q / ${H}u;
  var v = 0.0;
  if (oy >= 0 && oy < ${h} && ox >= 0 && ox < ${w}) { v = x[((b * ${h}u + u32(oy)) * ${w}u + u32(ox)) * ${c}u + ch]; }
  y[i] = v;`,
    });
    return [y];
  },

  Slice: (rt, [x], { begin, size }) => {
    const rank = x.shape.length;
    if (begin.length !== rank || size.length !== rank)
      throw new Error(`Slice: begin and size need ${rank} entries for [${x.shape.join(', ')}]`);
    for (let a = 0; a < rank; a++) {
      if (begin[a] < 0 || size[a] < 0 || begin[a] + size[a] > x.shape[a])
        throw new Error(`Slice: [${begin.join(', ')}] + [${size.join(', ')}] exceeds [${x.shape.join(', ')}]`);
    }
    const y = rt.tensor(size);
    const inStride = x.shape.map((_, a) => sizeOf(x.shape.slice(a + 1)));
    const lines: string[] = ['var rest = i;', 'var at = 0u;'];
    for (let a = rank - 1; a >= 0; a--)
      lines.push(`at += (rest % ${size[a]}u + ${begin[a]}u) * ${inStride[a]}u; rest = rest / ${size[a]}u;`);
    elementwise(rt, {
      key: `Slice|${x.shape}|${begin}|${size}`,
      inputs: [['x', x]],
      outputs: [['y', y]],
      threads: y.size,
      body: `${lines.join('\n  ')}\n  y[i] = x[at];`,
    });
    return [y];
  },

  /** A view: the same buffer under another shape (row-major order is unchanged). */
  Reshape: (_rt, [x], { shape }) => {
    if (sizeOf(shape) !== x.size) throw new Error(`Reshape: cannot view ${x.size} values as [${shape.join(', ')}]`);
    return [{ shape: [...shape], size: x.size, buffer: x.buffer }];
  },

  /** One copy dispatch per input into its slab of the output, so any number of inputs fits the binding limits. */
  Concat: (rt, xs, { axis }) => {
    if (xs.length === 0) throw new Error('Concat: needs at least one input');
    const rank = xs[0].shape.length;
    if (axis < 0 || axis >= rank) throw new Error(`Concat: axis ${axis} is out of range for rank ${rank}`);
    for (const t of xs) {
      if (t.shape.length !== rank || t.shape.some((d, a) => a !== axis && d !== xs[0].shape[a])) {
        throw new Error(
          `Concat: shapes [${xs.map((s) => s.shape.join(', ')).join('], [')}] differ outside axis ${axis}`,
        );
      }
    }
    const total = xs.reduce((s, t) => s + t.shape[axis], 0);
    const shape = xs[0].shape.map((d, a) => (a === axis ? total : d));
    const y: GpuTensor = rt.tensor(shape);
    const inner = sizeOf(shape.slice(axis + 1));
    let offset = 0;
    for (const x of xs) {
      const len = x.shape[axis];
      if (x.size > 0) {
        elementwise(rt, {
          key: `ConcatPart|${len * inner},${total * inner},${offset * inner}`,
          inputs: [['x', x]],
          outputs: [['y', y]],
          threads: x.size,
          body: `y[(i / ${len * inner}u) * ${total * inner}u + ${offset * inner}u + i % ${len * inner}u] = x[i];`,
        });
      }
      offset += len;
    }
    return [y];
  },
};
