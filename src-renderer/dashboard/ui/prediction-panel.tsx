import { memo, useRef } from 'react';
import { GradCamView } from './grad-cam-view';
import { PixelsCanvas } from './pixels-canvas';
import { ProbabilityBars } from './probability-bars';
import { ErrorBanner } from './error-banner';
import { useDashboard, useDashboardActions } from './use-dashboard';

export interface PredictionPanelProps {
  /** Reads a chosen or dropped file and predicts it (the Dashboard's drop handler). */
  onImageFile: (file: File) => void;
}

/** Prediction for any image: dropped onto the window or chosen here; top-3 classes and the input the model saw. */
export const PredictionPanel = memo(function PredictionPanel({ onImageFile }: PredictionPanelProps) {
  const prediction = useDashboard((s) => s.prediction);
  const { dismissError } = useDashboardActions();
  const input = useRef<HTMLInputElement>(null);
  const value = prediction.value;
  return (
    <section className="card prediction" data-testid="prediction">
      <header className="card__head">
        <h3>Try an image</h3>
        <button type="button" className="card__action" onClick={() => input.current?.click()}>
          Choose image…
        </button>
        <input
          ref={input}
          type="file"
          accept="image/*"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) onImageFile(file);
            e.target.value = '';
          }}
        />
      </header>
      {prediction.status === 'idle' ? (
        <p className="drop-hint muted">Drop an image file anywhere on the window to see what the model predicts.</p>
      ) : null}
      {prediction.status === 'loading' ? <p className="muted small">Predicting {prediction.name}…</p> : null}
      {prediction.error ? (
        <ErrorBanner error={prediction.error} onDismiss={() => dismissError('prediction')} testId="prediction-error" />
      ) : null}
      {value ? (
        <div className="prediction__body" data-testid="prediction-result">
          <figure>
            <PixelsCanvas image={value} size={112} />
            <figcaption className="muted small">
              as the model saw it ({value.height}×{value.width}×{value.channels})
            </figcaption>
          </figure>
          <div className="prediction__bars">
            <p>
              <span className="mono">{prediction.name}</span> is{' '}
              <b className="prediction__class" title={value.classNames[value.predicted]}>
                {value.classNames[value.predicted]}
              </b>
            </p>
            <ProbabilityBars classNames={value.classNames} probabilities={value.probabilities} k={3} />
          </div>
          <GradCamView initial={value} />
        </div>
      ) : null}
    </section>
  );
});
