import type { GpuTensor } from '../runtime';
import { sameShape, type WebGpuKernels } from './types';
import { elementwise } from './wgsl';

/**
 * The optimizer updates write the variable and its slots in place (bound read_write, each once) and return
 * the same tensor objects. Every hyperparameter travels in the uniform block, so one pipeline per variable
 * size serves every step, learning rate and bias correction; only the structural flags (Nesterov, centered,
 * momentum slot) select the source.
 */

/** WGSL for uniform scalar `k` of `u: array<vec4<f32>, n>`. */
const u = (k: number) => `u[${k >> 2}].${'xyzw'[k & 3]}`;

function checkSlots(kernel: string, variable: GpuTensor, grad: GpuTensor, slots: [string, GpuTensor | null][]): void {
  sameShape(kernel, variable, grad, ['variable', 'grad']);
  const seen = new Map<GPUBuffer, string>([
    [variable.buffer, 'variable'],
    [grad.buffer, 'grad'],
  ]);
  if (variable.buffer === grad.buffer)
    throw new Error(`${kernel}: variable and grad share one GPU buffer; the update needs them distinct`);
  for (const [name, slot] of slots) {
    if (slot === null) continue;
    sameShape(kernel, variable, slot, ['variable', name]);
    const other = seen.get(slot.buffer);
    if (other)
      throw new Error(
        `${kernel}: ${other} and ${name} share one GPU buffer; ` +
          `each slot is updated in place and must be its own tensor`,
      );
    seen.set(slot.buffer, name);
  }
}

function checkScalars(kernel: string, scalars: Record<string, number>): void {
  for (const [name, v] of Object.entries(scalars))
    if (!Number.isFinite(v)) throw new Error(`${kernel}: ${name} must be a finite number, got ${v}`);
}

export const OPTIMIZER_KERNELS: Pick<WebGpuKernels, 'SGDUpdate' | 'MomentumUpdate' | 'AdamUpdate' | 'RMSpropUpdate'> = {
  SGDUpdate: (rt, [variable, grad], { learningRate }) => {
    checkScalars('SGDUpdate', { learningRate });
    checkSlots('SGDUpdate', variable, grad, []);
    elementwise(rt, {
      key: 'SGDUpdate',
      inputs: [['g', grad]],
      outputs: [['w', variable]],
      threads: variable.size,
      body: `w[i] = w[i] - ${u(0)} * g[i];`,
      uniforms: Float32Array.of(learningRate),
    });
    return [variable];
  },

  /** m = momentum·m − lr·g; variable += m, or += momentum·m − lr·g with Nesterov. */
  MomentumUpdate: (rt, [variable, velocity, grad], { learningRate, momentum, nesterov }) => {
    checkScalars('MomentumUpdate', { learningRate, momentum });
    checkSlots('MomentumUpdate', variable, grad, [['velocity', velocity]]);
    elementwise(rt, {
      key: `MomentumUpdate|${nesterov}`,
      inputs: [['g', grad]],
      outputs: [
        ['w', variable],
        ['m', velocity],
      ],
      threads: variable.size,
      body: `let gi = g[i];
  let mi = m[i] * ${u(1)} - gi * ${u(0)};
  m[i] = mi;
  w[i] = w[i] + ${nesterov ? `mi * ${u(1)} - gi * ${u(0)}` : 'mi'};`,
      uniforms: Float32Array.of(learningRate, momentum),
    });
    return [variable, velocity];
  },

  /** Keras 3 Adam: α = lr·sqrt(1 − β2^t)/(1 − β1^t) is computed here in float64 and passed per step. */
  AdamUpdate: (rt, [variable, m, v, grad], { learningRate, beta1, beta2, epsilon, step }) => {
    checkScalars('AdamUpdate', { learningRate, beta1, beta2, epsilon });
    if (!(step >= 1)) throw new Error(`AdamUpdate: step must be 1 or more (1-based), got ${step}`);
    checkSlots('AdamUpdate', variable, grad, [
      ['m', m],
      ['v', v],
    ]);
    const alpha = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    elementwise(rt, {
      key: 'AdamUpdate',
      inputs: [['g', grad]],
      outputs: [
        ['w', variable],
        ['m', m],
        ['v', v],
      ],
      threads: variable.size,
      body: `let gi = g[i];
  let mi = m[i] + (gi - m[i]) * ${u(1)};
  let vi = v[i] + (gi * gi - v[i]) * ${u(2)};
  m[i] = mi;
  v[i] = vi;
  w[i] = w[i] - mi * ${u(0)} / (sqrt(vi) + ${u(3)});`,
      uniforms: Float32Array.of(alpha, 1 - beta1, 1 - beta2, epsilon),
    });
    return [variable, m, v];
  },

  /** Keras 3 RMSprop (ε inside the square root); the momentum and averageGrad slots are bound only when used. */
  RMSpropUpdate: (
    rt,
    [variable, velocity, momentumSlot, averageGrad, grad],
    { learningRate, rho, momentum, epsilon, centered },
  ) => {
    checkScalars('RMSpropUpdate', { learningRate, rho, momentum, epsilon });
    checkSlots('RMSpropUpdate', variable, grad, [
      ['velocity', velocity],
      ['momentum', momentumSlot],
      ['averageGrad', averageGrad],
    ]);
    if (momentum > 0 && momentumSlot === null) throw new Error('RMSpropUpdate: momentum > 0 needs a momentum slot');
    if (centered && averageGrad === null) throw new Error('RMSpropUpdate: centered needs an averageGrad slot');
    const withMomentum = momentum > 0 && momentumSlot !== null;
    const withAverage = centered && averageGrad !== null;
    const outputs: [string, GpuTensor][] = [
      ['w', variable],
      ['s', velocity],
    ];
    if (withMomentum) outputs.push(['mo', momentumSlot]);
    if (withAverage) outputs.push(['a', averageGrad]);
    const lines = [`let gi = g[i];`, `let si = ${u(1)} * s[i] + ${u(2)} * gi * gi;`, 's[i] = si;'];
    if (withAverage)
      lines.push(
        `let ai = ${u(1)} * a[i] + ${u(2)} * gi;`,
        'a[i] = ai;',
        `let increment = ${u(0)} * gi / sqrt(si - ai * ai + ${u(4)});`,
      );
    else lines.push(`let increment = ${u(0)} * gi / sqrt(si + ${u(4)});`);
    if (withMomentum) lines.push(`let mi = ${u(3)} * mo[i] + increment;`, 'mo[i] = mi;', 'w[i] = w[i] - mi;');
    else lines.push('w[i] = w[i] - increment;');
    elementwise(rt, {
      key: `RMSpropUpdate|${withMomentum}|${withAverage}`,
      inputs: [['g', grad]],
      outputs,
      threads: variable.size,
      body: lines.join('\n  '),
      uniforms: Float32Array.of(learningRate, rho, 1 - rho, momentum, epsilon),
    });
    return [variable, velocity, momentumSlot, averageGrad];
  },
};
