import type { Diagnostic } from '../../../src-engine';

/** Whether the model can be trained, counting the editor's diagnostics and how it fits the loaded dataset. */
export interface ModelStatus {
  errorCount: number;
  warningCount: number;
  canTrain: boolean;
  /** Why training is not possible, in one sentence; null when it is. */
  reason: string | null;
}

/**
 * The one verdict the inspector, the status bar and the Problems tab show: a model that builds but does not fit the
 * dataset (10 output units for 3 classes) cannot be trained either, so its dataset errors count like any other.
 */
export function modelStatus(own: readonly Diagnostic[], fit: readonly Diagnostic[]): ModelStatus {
  const all = [...own, ...fit];
  const errors = all.filter((d) => d.severity === 'error');
  return {
    errorCount: errors.length,
    warningCount: all.filter((d) => d.severity === 'warning').length,
    canTrain: errors.length === 0,
    reason: trainBlockedSentence(errors),
  };
}

/** "The model cannot be trained while it has an error: …", or null without errors. */
export function trainBlockedSentence(errors: readonly Diagnostic[]): string | null {
  if (errors.length === 0) return null;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more; see the Problems panel)` : '';
  const fix = errors.length === 1 && errors[0].fixes?.length ? ' Its fix is one click in the Problems panel.' : '';
  return (
    `The model cannot be trained while it has ` +
    `${errors.length === 1 ? 'an error' : `${errors.length} errors`}: ${errors[0].message}${more}${fix}`
  );
}
