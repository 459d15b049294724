import { memo, useState } from 'react';
import { isActivePhase } from '../store/dashboard-state';
import { useDashboard, useDashboardActions } from './use-dashboard';

const listText = (names: readonly string[]) =>
  names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** "dense and dense_1 are untrained …", or null when every layer's trained weights fit (or none were trained). */
export function untrainedText(untrained: readonly string[]): string | null {
  if (untrained.length === 0) return null;
  return (
    `${listText(untrained)} ${untrained.length === 1 ? 'is' : 'are'} untrained: the model changed after training, ` +
    `so ${untrained.length === 1 ? 'it starts' : 'they start'} from fresh weights. Train to use them.`
  );
}

/**
 * Reset weights, with a confirmation in place (dropping trained weights cannot be undone). Shared by the editor's
 * model inspector and the Training tab.
 */
export const ResetWeightsButton = memo(function ResetWeightsButton({
  disabled = false,
  onReset,
}: {
  disabled?: boolean;
  onReset: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button
        type="button"
        disabled={disabled}
        onClick={() => setAsking(true)}
        data-testid="reset-weights"
        title="Drop every trained weight: the next run starts from fresh weights"
      >
        Reset weights…
      </button>
    );
  return (
    <div className="banner banner--warning small" data-testid="reset-weights-confirm">
      Drop every trained weight? This cannot be undone (save first to keep them).
      <div className="banner__actions">
        <button
          type="button"
          className="danger"
          data-testid="reset-weights-yes"
          onClick={() => {
            setAsking(false);
            onReset();
          }}
        >
          Reset weights
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
});

/** The warning over evaluation and prediction while some layers run on fresh weights. */
export const UntrainedBanner = memo(function UntrainedBanner() {
  const text = useDashboard((s) => (s.weights.trained ? untrainedText(s.weights.untrained) : null));
  return text ? (
    <p className="banner banner--warning small" data-testid="untrained-layers">
      {text}
    </p>
  ) : null;
});

/** The Training tab's account of the weights Start begins from, with Reset weights. */
export const WeightsCard = memo(function WeightsCard() {
  const training = useDashboard((s) => isActivePhase(s.run.phase));
  const trained = useDashboard((s) => s.weights.trained);
  const untrained = useDashboard((s) => s.weights.untrained);
  const { resetWeights } = useDashboardActions();
  return (
    <section className="card" data-testid="weights-card">
      <header className="card__head">
        <h3>Weights</h3>
      </header>
      <p className="muted small">
        {!trained
          ? 'The model has no trained weights: training starts from fresh ones.'
          : untrained.length
            ? untrainedText(untrained)
            : 'Every layer has trained weights.'}
      </p>
      {trained ? <ResetWeightsButton disabled={training} onReset={resetWeights} /> : null}
    </section>
  );
});
