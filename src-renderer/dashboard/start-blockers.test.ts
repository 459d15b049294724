import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src-engine';
import {
  datasetFactsOf,
  fieldProblems,
  numberProblem,
  reportFieldProblem,
  startBlockedReason,
  startBlockerList,
} from './start-blockers';
import type { DatasetReportResult } from './payloads';

const mismatch: Diagnostic = {
  severity: 'error',
  code: 'dataset-classes',
  message: 'dense: the model outputs 10 classes but the dataset has 3 (a, b, c).',
  fixes: [{ label: 'Set dense units to 3', edit: { kind: 'set-param' } as never }],
};
const none = { model: null, input: null, fields: [], fit: [] };

describe('what blocks Start', () => {
  it('a learning rate of 50 is "At most 10"; an empty optional field is fine', () => {
    const lr = { min: 0, exclusiveMin: true, max: 10, optional: true };
    expect(numberProblem('50', lr)).toBe('At most 10');
    expect(numberProblem('0', lr)).toBe('Must be above 0');
    expect(numberProblem('', lr)).toBeNull();
    expect(numberProblem('2.5', { integer: true })).toBe('Must be a whole number');
  });

  it('an invalid field blocks Start with the field and the reason until it is fixed or gone', () => {
    reportFieldProblem('lr', 'Learning rate: At most 10');
    const fields = Object.values(fieldProblems.getState().byField);
    expect(startBlockedReason(startBlockerList({ ...none, fields }))).toBe(
      'Fix the settings first: Learning rate: At most 10.',
    );
    reportFieldProblem('lr', null);
    expect(Object.values(fieldProblems.getState().byField)).toEqual([]);
    expect(startBlockedReason(startBlockerList(none))).toBeNull();
  });

  it('a model-dataset error blocks with its one-click fix; a warning does not block', () => {
    expect(startBlockerList({ ...none, fit: [mismatch] })).toEqual([
      { message: mismatch.message, fixes: mismatch.fixes },
    ]);
    expect(startBlockedReason(startBlockerList({ ...none, fit: [{ ...mismatch, fixes: undefined }] }))).toMatch(
      /^dense: the model outputs 10 classes but the dataset has 3 .*Fix it in the model\.$/,
    );
    expect(startBlockedReason(startBlockerList({ ...none, fit: [{ ...mismatch, severity: 'warning' }] }))).toBeNull();
  });

  it('every reason is listed: an invalid setting does not hide the class mismatch, nor the model errors', () => {
    const all = { model: 'The model has errors', input: null, fields: ['Learning rate: At most 10'], fit: [mismatch] };
    const list = startBlockerList(all);
    expect(list.map((b) => b.message)).toEqual([
      'The model has errors',
      'Fix the settings first: Learning rate: At most 10.',
      mismatch.message,
    ]);
    expect(list[2]!.fixes.map((f) => f.label)).toEqual(['Set dense units to 3']);
    expect(startBlockedReason(startBlockerList(all))).toContain('outputs 10 classes');
    expect(startBlockedReason(startBlockerList(all))).toContain('Learning rate: At most 10');
  });

  it('a report counts only for the folder training would read', () => {
    const report = {
      path: '/data/a',
      text: '',
      report: { classNames: ['x', 'y'], imageSizes: [], otherSizes: { distinct: 0, count: 0 }, colorModes: [] },
    } as unknown as DatasetReportResult;
    expect(datasetFactsOf(report, '/data/a', null)?.classNames).toEqual(['x', 'y']);
    expect(datasetFactsOf(report, '/data/b', null)).toBeNull();
    expect(datasetFactsOf(report, null, '/data/a')?.classNames).toEqual(['x', 'y']);
  });
});
