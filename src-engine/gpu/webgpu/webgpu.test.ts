import { afterAll, describe, expect, it } from 'vitest';
import { KERNEL_NAMES } from '../../kernels/contracts';
import { sequential } from '../../model/graph';
import { openWebGpuPage, type WebGpuPage } from './harness/chromium';

/**
 * The WebGPU kernels and engine, run where WebGPU exists on these machines: Chromium's Dawn over SwiftShader
 * (the `webgpu` package's Dawn needs a newer glibc than Debian 12 has; on the GPU machine the same code runs
 * through it, see src-engine/bench/gpu-machine.sh). Skips with the reason where Chromium or its adapter is missing.
 */
const session = await openWebGpuPage();
const skip = typeof session === 'string' ? session : null;
const page = session as WebGpuPage;
afterAll(() => (skip ? undefined : page.close()));

describe.skipIf(skip !== null)(`webgpu kernels in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('runs on a real WebGPU adapter', () => {
    expect(page.adapter).not.toBe('none');
  });

  it('matches the reference on every kernel of the contract (relative error < 1e-4)', async () => {
    const results = await page.call('conformance', KERNEL_NAMES);
    const failures = results.filter((r) => !r.errors.every((e) => e < 1e-4)).map((r) => `${r.kernel} (${r.label}): ${r.error ?? r.errors.map((e) => e.toExponential(2)).join(', ')}`);
    expect(failures).toEqual([]);
    expect(new Set(results.map((r) => r.kernel))).toEqual(new Set(KERNEL_NAMES));
  });

  // Rescaling, batch norm, gelu, dropout, swish and softmax, through each optimizer's in-place update. The
  // convolution has no bias: before batch norm its gradient is rounding noise, which Adam and RMSprop scale
  // up to full steps, so that weight would differ between engines without changing any prediction.
  const graph = sequential('parity', [
    { className: 'InputLayer', params: { shape: [8, 8, 1] } },
    { className: 'Rescaling', params: { scale: 2, offset: -0.5 } },
    { className: 'Conv2D', params: { filters: 4, kernelSize: 3, padding: 'same', useBias: false } },
    { className: 'BatchNormalization' },
    { className: 'Activation', params: { activation: 'gelu' } },
    { className: 'MaxPooling2D', params: { poolSize: 2 } },
    { className: 'Flatten' },
    { className: 'Dropout', params: { rate: 0.2 } },
    { className: 'Dense', params: { units: 16, activation: 'swish' } },
    { className: 'Dense', params: { units: 4, activation: 'softmax' } },
  ]);
  it.each([
    ['adam', 'sparse_categorical_crossentropy'],
    ['rmsprop', 'categorical_crossentropy'],
    ['nesterov', 'mean_squared_error'],
  ] as const)('trains like the reference engine: %s, %s', async (optimizer, loss) => {
    const r = await page.call('trainingParity', { graph, steps: 6, batchSize: 16, optimizer, learningRate: 0.01, loss, seed: 7 });
    expect(r.webgpu.map((s) => s.correct)).toEqual(r.reference.map((s) => s.correct));
    r.webgpu.forEach((s, i) => expect(Math.abs(s.loss - r.reference[i].loss) / r.reference[i].loss, `step ${i + 1}`).toBeLessThan(1e-5));
    expect(r.reference[5].loss).toBeLessThan(r.reference[0].loss);
    expect(r.weightError).toBeLessThan(1e-5);
    expect(r.predictionError).toBeLessThan(1e-5);
  });
});
