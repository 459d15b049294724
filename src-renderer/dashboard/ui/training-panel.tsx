import { memo } from 'react';
import '../styles/training.css';
import { CurvesPanel } from './curves-panel';
import { RunControls, type RunControlsProps } from './run-controls';
import { TrainingForm } from './training-form';

/** Settings and controls on the left, the live curves on the right. */
export const TrainingPanel = memo(function TrainingPanel(props: RunControlsProps) {
  return (
    <div className="training">
      <div className="training__side">
        <RunControls {...props} />
        <section className="card">
          <header className="card__head">
            <h3>Settings</h3>
          </header>
          <TrainingForm />
        </section>
      </div>
      <div className="training__main">
        <CurvesPanel />
      </div>
    </div>
  );
});
