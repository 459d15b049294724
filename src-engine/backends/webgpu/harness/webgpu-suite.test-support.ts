import { describe, expect, it } from 'vitest';
import { KERNEL_NAMES } from '../../../kernels/contracts';
import { sequential } from '../../../model/graph';
import type { WebGpuPage } from './chromium';
import type { ParityRequest } from './parity';

/**
 * The WebGPU kernels and engine against the reference, over one WebGPU implementation (`session`): Chromium's
 * Dawn on SwiftShader, or Dawn's Node build on lavapipe or a real GPU. `session` is a reason when it cannot run.
 */
export function describeWebGpuSuite(where: string, session: WebGpuPage | string): void {
  const skip = typeof session === 'string' ? session : null;
  const page = session as WebGpuPage;
  describe.skipIf(skip !== null)(`webgpu kernels on ${where}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    it('runs on a real WebGPU adapter', () => {
      expect(page.adapter).not.toBe('none');
    });

    it('reports a WebGPU error on the read that follows it, and refuses further work', async () => {
      const { read, next, tooLarge } = await page.call('errorReporting');
      expect(read).toMatch(/^WebGPU reported an error: .*undefinedName/s);
      expect(next).toBe(read);
      expect(tooLarge).toMatch(
        /^a tensor of [\d.]+ MiB exceeds the largest buffer this GPU binds \([\d.]+ MiB\): use a smaller batch size/,
      );
    });

    it('matches the reference on every kernel of the contract (relative error < 1e-4)', async () => {
      const results = await page.call('conformance', KERNEL_NAMES);
      const failures = results
        .filter((r) => !r.errors.every((e) => e < 1e-4))
        .map((r) => `${r.kernel} (${r.label}): ${r.error ?? r.errors.map((e) => e.toExponential(2)).join(', ')}`);
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
      const r = await page.call('trainingParity', {
        graph,
        steps: 6,
        batchSize: 16,
        optimizer,
        learningRate: 0.01,
        loss,
        seed: 7,
      });
      expect(r.webgpu.map((s) => s.correct)).toEqual(r.reference.map((s) => s.correct));
      r.webgpu.forEach((s, i) =>
        expect(Math.abs(s.loss - r.reference[i].loss) / r.reference[i].loss, `step ${i + 1}`).toBeLessThan(1e-5),
      );
      expect(r.reference[5].loss).toBeLessThan(r.reference[0].loss);
      expect(r.weightError).toBeLessThan(1e-5);
      expect(r.predictionError).toBeLessThan(1e-5);
    });
  });

  /** Batch norm, dropout, padding, average and global pooling: the layers the tutorial CNN does not use. */
  const toolboxCnn = () =>
    sequential('toolbox', [
      { className: 'InputLayer', params: { shape: [12, 12, 2] } },
      { className: 'Rescaling', params: { scale: 2, offset: -1 } },
      { className: 'ZeroPadding2D', params: { padding: 1 } },
      { className: 'Conv2D', params: { filters: 6, kernelSize: 3, strides: 2, activation: 'elu' } },
      { className: 'BatchNormalization' },
      { className: 'AveragePooling2D', params: { poolSize: 2, padding: 'same' } },
      { className: 'Conv2D', params: { filters: 8, kernelSize: 2, padding: 'same', activation: 'gelu' } },
      { className: 'Dropout', params: { rate: 0.25 } },
      { className: 'GlobalMaxPooling2D' },
      { className: 'Dense', params: { units: 5, activation: 'sigmoid' } },
    ]);

  const tinyTutorial = () =>
    sequential('tiny_tutorial', [
      { className: 'InputLayer', params: { shape: [14, 14, 1] } },
      { className: 'Conv2D', params: { filters: 4, kernelSize: 3, activation: 'relu' } },
      { className: 'MaxPooling2D', params: { poolSize: 2 } },
      { className: 'Conv2D', params: { filters: 8, kernelSize: 3, activation: 'relu' } },
      { className: 'MaxPooling2D', params: { poolSize: 2 } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units: 16, activation: 'relu' } },
      { className: 'Dense', params: { units: 10, activation: 'softmax' } },
    ]);

  describe.skipIf(skip !== null)(
    `webgpu training engine on ${where} against the reference engine${skip ? ` (skipped: ${skip})` : ''}`,
    () => {
      const cases: { title: string; request: ParityRequest }[] = [
        {
          title: 'tutorial-shaped CNN, Adam, sparse crossentropy',
          request: {
            graph: tinyTutorial(),
            steps: 6,
            batchSize: 16,
            optimizer: 'adam',
            learningRate: 0.01,
            loss: 'sparse_categorical_crossentropy',
            seed: 3,
          },
        },
        {
          title: 'batch norm, dropout, padding, pooling; RMSprop, mean squared error',
          request: {
            graph: toolboxCnn(),
            steps: 5,
            batchSize: 8,
            optimizer: 'rmsprop',
            learningRate: 0.01,
            loss: 'mean_squared_error',
            seed: 5,
          },
        },
        {
          title: 'the same with SGD and categorical crossentropy',
          request: {
            graph: toolboxCnn(),
            steps: 5,
            batchSize: 8,
            optimizer: 'sgd',
            learningRate: 0.05,
            loss: 'categorical_crossentropy',
            seed: 7,
          },
        },
        {
          title: 'batch size 1',
          request: {
            graph: tinyTutorial(),
            steps: 4,
            batchSize: 1,
            optimizer: 'adam',
            learningRate: 0.01,
            loss: 'sparse_categorical_crossentropy',
            seed: 11,
          },
        },
        // 64 × 12 × 12 rows: the first convolution's bias gradient takes the chunked two-pass reduction.
        {
          title: 'batch size 64 (chunked reductions)',
          request: {
            graph: tinyTutorial(),
            steps: 3,
            batchSize: 64,
            optimizer: 'adam',
            learningRate: 0.01,
            loss: 'sparse_categorical_crossentropy',
            seed: 13,
          },
        },
      ];
      for (const { title, request } of cases) {
        it(`follows the reference loss curve: ${title}`, async () => {
          const r = await page.call('trainingParity', request);
          expect(r.webgpu).toHaveLength(request.steps);
          r.webgpu.forEach((step, i) => {
            expect(Math.abs(step.loss - r.reference[i].loss) / Math.abs(r.reference[i].loss)).toBeLessThan(1e-3);
            expect(step.correct).toBe(r.reference[i].correct);
          });
          // The curve is a real one: training moved the loss.
          expect(r.reference[request.steps - 1].loss).not.toBeCloseTo(r.reference[0].loss, 3);
          expect(r.weightError).toBeLessThan(1e-3);
          expect(r.predictionError).toBeLessThan(1e-3);
          // Steps are recorded into one command buffer each: one
          // submit per step (plus uploads of weights and readbacks).
          expect(r.submits).toBeLessThan(request.steps * 2 + 10);
        });
      }
    },
  );
}
