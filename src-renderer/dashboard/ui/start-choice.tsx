import { memo } from 'react';
import '../styles/run-restore.css';
import { classesDiffer, epochRangeText } from './format';
import { useDashboard, useDashboardActions } from './use-dashboard';

const epochsText = (n: number) => `${n} epoch${n === 1 ? '' : 's'}`;

/**
 * Start on a model with trained weights asks how to use them, as Keras makes you choose between fit() on the same
 * model (continue, with initial_epoch) and a freshly built one: nothing is continued or thrown away silently.
 */
export const StartChoice = memo(function StartChoice() {
  const choice = useDashboard((s) => s.startChoice);
  const planned = useDashboard((s) => s.training.epochs);
  const datasetClasses = useDashboard((s) => s.report.value?.report.classNames ?? null);
  const { start, cancelStart } = useDashboardActions();
  if (!choice) return null;
  const { epochs, project } = choice;
  // The run would refuse these weights on other classes (training-run.ts): say so here instead of failing after Start.
  const otherClasses = classesDiffer(project.classNames, datasetClasses);
  const trained = epochs
    ? `These weights have trained ${epochsText(epochs)}.`
    : 'These weights have no recorded training (an imported or older model).';
  return (
    <div className="banner start-choice" role="dialog" aria-label="Continue or start fresh" data-testid="start-choice">
      <div>
        <b>The model already has trained weights.</b> {trained} Continue from them (
        {epochRangeText(epochs + 1, epochs + planned)}, the curves and history carry on), or start fresh from new random
        weights?
      </div>
      {otherClasses ? (
        <div className="start-choice__classes" data-testid="start-choice-classes">
          They were trained on other classes ({otherClasses}), so they cannot continue on this dataset: start fresh, or
          choose a folder with those classes on the Data tab.
        </div>
      ) : null}
      <div className="banner__actions">
        <button
          type="button"
          className="primary"
          autoFocus={!otherClasses}
          disabled={!!otherClasses}
          title={otherClasses ? 'The weights were trained on other classes' : undefined}
          onClick={() => void start(project, 'continue')}
          data-testid="start-continue"
        >
          Continue training
        </button>
        <button
          type="button"
          className={otherClasses ? 'primary' : undefined}
          autoFocus={!!otherClasses}
          onClick={() => void start(project, 'fresh')}
          data-testid="start-fresh"
        >
          Start fresh
        </button>
        <button type="button" onClick={cancelStart} data-testid="start-cancel">
          Cancel
        </button>
      </div>
    </div>
  );
});
