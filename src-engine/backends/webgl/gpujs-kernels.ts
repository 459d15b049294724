/**
 * gpu.js kernel functions for the CNN's training ops, in the dialect gpu.js translates to GLSL (and
 * WGSL, and runs as JavaScript in its cpu mode). One output element per thread, flat 1-D outputs (GL
 * textures cap each side, 16,384 here), NHWC layout, shapes as constants. Their plain-TypeScript twins
 * are the reference kernels (src-engine/kernels/reference), which the tests compare them with.
 *
 * Index arithmetic is float in GLSL: a flat index t splits as i = floor((t + 0.5) / n), j = t − i·n,
 * exact for t < 2^24 (the half keeps floor away from n·i − ε).
 */

/** `this` inside a kernel: the thread index and the shape constants. */
export interface KernelThis<C> {
  thread: { x: number };
  constants: C;
}

type Flat = number[];

export interface MatMulConstants {
  m: number;
  n: number;
  k: number;
}

export function matMulNN(this: KernelThis<MatMulConstants>, a: Flat, b: Flat): number {
  const i = Math.floor((this.thread.x + 0.5) / this.constants.n);
  const j = this.thread.x - i * this.constants.n;
  let sum = 0;
  for (let q = 0; q < this.constants.k; q++) sum += a[i * this.constants.k + q] * b[q * this.constants.n + j];
  return sum;
}

export function matMulTN(this: KernelThis<MatMulConstants>, a: Flat, b: Flat): number {
  const i = Math.floor((this.thread.x + 0.5) / this.constants.n);
  const j = this.thread.x - i * this.constants.n;
  let sum = 0;
  for (let q = 0; q < this.constants.k; q++) sum += a[q * this.constants.m + i] * b[q * this.constants.n + j];
  return sum;
}

export function matMulNT(this: KernelThis<MatMulConstants>, a: Flat, b: Flat): number {
  const i = Math.floor((this.thread.x + 0.5) / this.constants.n);
  const j = this.thread.x - i * this.constants.n;
  let sum = 0;
  for (let q = 0; q < this.constants.k; q++) sum += a[i * this.constants.k + q] * b[j * this.constants.k + q];
  return sum;
}

export function matMulTT(this: KernelThis<MatMulConstants>, a: Flat, b: Flat): number {
  const i = Math.floor((this.thread.x + 0.5) / this.constants.n);
  const j = this.thread.x - i * this.constants.n;
  let sum = 0;
  for (let q = 0; q < this.constants.k; q++) sum += a[q * this.constants.m + i] * b[j * this.constants.k + q];
  return sum;
}

/** Window geometry of a convolution or pooling, as in the reference's Window2D. */
export interface WindowConstants {
  inH: number;
  inW: number;
  cin: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
  outH: number;
  outW: number;
  cout: number;
  batch: number;
}

export function conv2dForward(this: KernelThis<WindowConstants>, x: Flat, f: Flat): number {
  const pixel = Math.floor((this.thread.x + 0.5) / this.constants.cout);
  const co = this.thread.x - pixel * this.constants.cout;
  const row = Math.floor((pixel + 0.5) / this.constants.outW);
  const ox = pixel - row * this.constants.outW;
  const b = Math.floor((row + 0.5) / this.constants.outH);
  const oy = row - b * this.constants.outH;
  let sum = 0;
  for (let ky = 0; ky < this.constants.kH; ky++) {
    const iy = oy * this.constants.strideH - this.constants.padTop + ky;
    if (iy >= 0 && iy < this.constants.inH) {
      for (let kx = 0; kx < this.constants.kW; kx++) {
        const ix = ox * this.constants.strideW - this.constants.padLeft + kx;
        if (ix >= 0 && ix < this.constants.inW) {
          for (let ci = 0; ci < this.constants.cin; ci++) {
            sum +=
              x[((b * this.constants.inH + iy) * this.constants.inW + ix) * this.constants.cin + ci] *
              f[((ky * this.constants.kW + kx) * this.constants.cin + ci) * this.constants.cout + co];
          }
        }
      }
    }
  }
  return sum;
}

/** dx[b, iy, ix, ci]: every output cell whose window covers (iy, ix), gathered (no write conflicts). */
export function conv2dBackpropInput(this: KernelThis<WindowConstants>, dy: Flat, f: Flat): number {
  const pixel = Math.floor((this.thread.x + 0.5) / this.constants.cin);
  const ci = this.thread.x - pixel * this.constants.cin;
  const row = Math.floor((pixel + 0.5) / this.constants.inW);
  const ix = pixel - row * this.constants.inW;
  const b = Math.floor((row + 0.5) / this.constants.inH);
  const iy = row - b * this.constants.inH;
  let sum = 0;
  for (let ky = 0; ky < this.constants.kH; ky++) {
    const ny = iy + this.constants.padTop - ky;
    const oy = Math.floor((ny + 0.5) / this.constants.strideH);
    if (ny >= 0 && oy * this.constants.strideH === ny && oy < this.constants.outH) {
      for (let kx = 0; kx < this.constants.kW; kx++) {
        const nx = ix + this.constants.padLeft - kx;
        const ox = Math.floor((nx + 0.5) / this.constants.strideW);
        if (nx >= 0 && ox * this.constants.strideW === nx && ox < this.constants.outW) {
          for (let co = 0; co < this.constants.cout; co++) {
            sum +=
              dy[((b * this.constants.outH + oy) * this.constants.outW + ox) * this.constants.cout + co] *
              f[((ky * this.constants.kW + kx) * this.constants.cin + ci) * this.constants.cout + co];
          }
        }
      }
    }
  }
  return sum;
}

/** dfilter[ky, kx, ci, co]: a sum over every output cell of the batch. */
export function conv2dBackpropFilter(this: KernelThis<WindowConstants>, x: Flat, dy: Flat): number {
  const t0 = Math.floor((this.thread.x + 0.5) / this.constants.cout);
  const co = this.thread.x - t0 * this.constants.cout;
  const t1 = Math.floor((t0 + 0.5) / this.constants.cin);
  const ci = t0 - t1 * this.constants.cin;
  const ky = Math.floor((t1 + 0.5) / this.constants.kW);
  const kx = t1 - ky * this.constants.kW;
  let sum = 0;
  for (let b = 0; b < this.constants.batch; b++) {
    for (let oy = 0; oy < this.constants.outH; oy++) {
      const iy = oy * this.constants.strideH - this.constants.padTop + ky;
      if (iy >= 0 && iy < this.constants.inH) {
        for (let ox = 0; ox < this.constants.outW; ox++) {
          const ix = ox * this.constants.strideW - this.constants.padLeft + kx;
          if (ix >= 0 && ix < this.constants.inW) {
            sum +=
              x[((b * this.constants.inH + iy) * this.constants.inW + ix) * this.constants.cin + ci] *
              dy[((b * this.constants.outH + oy) * this.constants.outW + ox) * this.constants.cout + co];
          }
        }
      }
    }
  }
  return sum;
}

export interface ChannelConstants {
  c: number;
  rows: number;
}

export function biasAdd(this: KernelThis<ChannelConstants>, x: Flat, bias: Flat): number {
  const row = Math.floor((this.thread.x + 0.5) / this.constants.c);
  return x[this.thread.x] + bias[this.thread.x - row * this.constants.c];
}

export function biasAddGrad(this: KernelThis<ChannelConstants>, dy: Flat): number {
  let sum = 0;
  for (let r = 0; r < this.constants.rows; r++) sum += dy[r * this.constants.c + this.thread.x];
  return sum;
}

export function relu(this: KernelThis<Record<string, never>>, x: Flat): number {
  const v = x[this.thread.x];
  return v > 0 ? v : 0;
}

export function reluGrad(this: KernelThis<Record<string, never>>, dy: Flat, x: Flat): number {
  return x[this.thread.x] > 0 ? dy[this.thread.x] : 0;
}

/** Padded cells are never candidates (the window is clipped to the image), as in the reference. */
export function maxPool(this: KernelThis<WindowConstants>, x: Flat): number {
  const pixel = Math.floor((this.thread.x + 0.5) / this.constants.cin);
  const ch = this.thread.x - pixel * this.constants.cin;
  const row = Math.floor((pixel + 0.5) / this.constants.outW);
  const ox = pixel - row * this.constants.outW;
  const b = Math.floor((row + 0.5) / this.constants.outH);
  const oy = row - b * this.constants.outH;
  let best = -Infinity;
  for (let ky = 0; ky < this.constants.kH; ky++) {
    const iy = oy * this.constants.strideH - this.constants.padTop + ky;
    for (let kx = 0; kx < this.constants.kW; kx++) {
      const ix = ox * this.constants.strideW - this.constants.padLeft + kx;
      if (iy >= 0 && iy < this.constants.inH && ix >= 0 && ix < this.constants.inW) {
        const v = x[((b * this.constants.inH + iy) * this.constants.inW + ix) * this.constants.cin + ch];
        if (v > best) best = v;
      }
    }
  }
  return best;
}

/**
 * dx[b, iy, ix, ch]: the dy of every window whose first maximum (row-major, strict >) is (iy, ix).
 * Each candidate window is scanned again: no scatter, so no write conflicts.
 */
export function maxPoolGrad(this: KernelThis<WindowConstants>, dy: Flat, x: Flat): number {
  const pixel = Math.floor((this.thread.x + 0.5) / this.constants.cin);
  const ch = this.thread.x - pixel * this.constants.cin;
  const row = Math.floor((pixel + 0.5) / this.constants.inW);
  const ix = pixel - row * this.constants.inW;
  const b = Math.floor((row + 0.5) / this.constants.inH);
  const iy = row - b * this.constants.inH;
  let sum = 0;
  for (let oy = 0; oy < this.constants.outH; oy++) {
    const y0 = oy * this.constants.strideH - this.constants.padTop;
    if (iy >= y0 && iy < y0 + this.constants.kH) {
      for (let ox = 0; ox < this.constants.outW; ox++) {
        const x0 = ox * this.constants.strideW - this.constants.padLeft;
        if (ix >= x0 && ix < x0 + this.constants.kW) {
          let best = -Infinity;
          let argY = -1;
          let argX = -1;
          for (let ky = 0; ky < this.constants.kH; ky++) {
            for (let kx = 0; kx < this.constants.kW; kx++) {
              const wy = y0 + ky;
              const wx = x0 + kx;
              if (wy >= 0 && wy < this.constants.inH && wx >= 0 && wx < this.constants.inW) {
                const v = x[((b * this.constants.inH + wy) * this.constants.inW + wx) * this.constants.cin + ch];
                if (v > best || argY < 0) {
                  best = v;
                  argY = wy;
                  argX = wx;
                }
              }
            }
          }
          if (argY === iy && argX === ix)
            sum += dy[((b * this.constants.outH + oy) * this.constants.outW + ox) * this.constants.cin + ch];
        }
      }
    }
  }
  return sum;
}

export interface ClassConstants {
  classes: number;
}

/** Per-row loss from logits: logsumexp(z) − z[label]. */
export function sparseSoftmaxCrossentropy(this: KernelThis<ClassConstants>, labels: Flat, logits: Flat): number {
  const base = this.thread.x * this.constants.classes;
  let max = -Infinity;
  for (let j = 0; j < this.constants.classes; j++) max = Math.max(max, logits[base + j]);
  let sum = 0;
  for (let j = 0; j < this.constants.classes; j++) sum += Math.exp(logits[base + j] - max);
  return max + Math.log(sum) - logits[base + labels[this.thread.x]];
}

/** d logits = dloss · (softmax − onehot(label)). */
export function sparseSoftmaxCrossentropyGrad(
  this: KernelThis<ClassConstants>,
  dloss: Flat,
  labels: Flat,
  logits: Flat,
): number {
  const row = Math.floor((this.thread.x + 0.5) / this.constants.classes);
  const j = this.thread.x - row * this.constants.classes;
  const base = row * this.constants.classes;
  let max = -Infinity;
  for (let q = 0; q < this.constants.classes; q++) max = Math.max(max, logits[base + q]);
  let sum = 0;
  for (let q = 0; q < this.constants.classes; q++) sum += Math.exp(logits[base + q] - max);
  const onehot = labels[row] === j ? 1 : 0;
  return dloss[row] * (Math.exp(logits[base + j] - max) / sum - onehot);
}

export interface AdamConstants {
  alpha: number;
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  epsilon: number;
}

export function adamFirstMoment(this: KernelThis<AdamConstants>, m: Flat, grad: Flat): number {
  return m[this.thread.x] + (grad[this.thread.x] - m[this.thread.x]) * this.constants.oneMinusBeta1;
}

export function adamSecondMoment(this: KernelThis<AdamConstants>, v: Flat, grad: Flat): number {
  const g = grad[this.thread.x];
  return v[this.thread.x] + (g * g - v[this.thread.x]) * this.constants.oneMinusBeta2;
}

/** Takes the updated moments (the outputs of the two kernels above). */
export function adamVariable(this: KernelThis<AdamConstants>, variable: Flat, m: Flat, v: Flat): number {
  return (
    variable[this.thread.x] -
    (m[this.thread.x] * this.constants.alpha) / (Math.sqrt(v[this.thread.x]) + this.constants.epsilon)
  );
}
