import { memo } from 'react';
import '../styles/training.css';
import { CurvesPanel } from './curves-panel';
import { LiveMaps } from './live-maps';
import { RunControls, type RunControlsProps } from './run-controls';
import { RunTable } from './run-table';
import { TrainingForm } from './training-form';
import { WeightsCard } from './weights-card';

/** Settings and controls on the left, the curves and the run table in the middle, live feature maps on the right. */
export const TrainingPanel = memo(function TrainingPanel(props: RunControlsProps) {
  return (
    <div className="training training-page">
      <div className="training__side">
        <RunControls {...props} />
        <WeightsCard />
        <section className="card">
          <header className="card__head">
            <h3>Settings</h3>
          </header>
          <TrainingForm />
        </section>
      </div>
      <div className="training__main">
        <CurvesPanel />
        <RunTable />
      </div>
      <div className="training__maps">
        <LiveMaps />
      </div>
    </div>
  );
});
