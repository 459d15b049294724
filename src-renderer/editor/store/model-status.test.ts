import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src-engine';
import { deriveFromGraph } from './derive';
import { modelStatus } from './model-status';

const mismatch: Diagnostic = {
  severity: 'error',
  code: 'dataset-classes',
  message: 'dense_1: the model outputs 10 classes but the dataset has 3 (a, b, c).',
  fixes: [{ label: 'Set dense_1 units to 3', edit: {} as never }],
};
const loss: Diagnostic = {
  severity: 'warning',
  code: 'dataset-input',
  message: 'The images are resized to the input.',
};

describe('one verdict on the model for the inspector, the status bar and the Problems count', () => {
  it('a model that builds but does not fit the dataset cannot be trained, and its error is counted', () => {
    const status = modelStatus([], [mismatch, loss]);
    expect(status.canTrain).toBe(false);
    expect(status.errorCount).toBe(1);
    expect(status.warningCount).toBe(1);
    expect(status.reason).toMatch(/^The model cannot be trained while it has an error: dense_1: the model outputs 10/);
    expect(status.reason).toContain('Problems panel');
  });

  it("the editor's own errors and the dataset errors add up; with none the model can be trained", () => {
    const own: Diagnostic = { severity: 'error', code: 'shape', message: 'conv: the kernel is larger than its input.' };
    const status = modelStatus([own], [mismatch]);
    expect(status.errorCount).toBe(2);
    expect(status.reason).toContain('2 errors: conv: the kernel is larger');
    expect(modelStatus([], [loss])).toEqual({ errorCount: 0, warningCount: 1, canTrain: true, reason: null });
  });

  it('without a dataset it says what the editor says', () => {
    const derived = deriveFromGraph({ name: 'm', nodes: [], edges: [] } as never, 32);
    const status = modelStatus(derived.inference.diagnostics, []);
    expect(status.canTrain).toBe(derived.canTrain);
    expect(status.errorCount).toBe(derived.errorCount);
    expect(status.reason).toBe(derived.trainBlockedReason);
  });
});
