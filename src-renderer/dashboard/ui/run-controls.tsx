import { memo } from 'react';
import type { ProjectFile } from '../../../src-engine';
import { isActivePhase, progressFraction, type RunPhase } from '../store/dashboard-state';
import { startBlockedReason } from '../start-blockers';
import { formatLearningRate } from '../store/model-view';
import { ErrorBanner } from './error-banner';
import { formatDuration, formatPercent } from './format';
import { StartBlockerList, useStartBlockers } from './model-fit';
import { useDashboard, useDashboardActions } from './use-dashboard';
import { StartChoice } from './start-choice';
import { RunRestore } from './run-restore';

const PHASE_LABELS: Record<RunPhase, string> = {
  idle: 'Not started',
  requesting: 'Starting…',
  starting: 'Preparing the data and the engine…',
  running: 'Training',
  paused: 'Paused',
  stopping: 'Stopping after this batch…',
  completed: 'Finished',
  stopped: 'Stopped',
  failed: 'Failed',
};

const STOP_REASONS: Record<string, string> = {
  completed: 'all epochs done',
  'early-stopping': 'stopped early',
  cancelled: 'stopped by you',
  diverged: 'diverged',
};

export interface RunControlsProps {
  canTrain: boolean;
  /** Why training is not possible (the editor's diagnostics), shown on the disabled Start button. */
  trainBlockedReason: string | null;
  getProject: () => ProjectFile;
}

const ProgressBar = memo(function ProgressBar() {
  const progress = useDashboard((s) => s.run.progress);
  const phase = useDashboard((s) => s.run.phase);
  const info = useDashboard((s) => s.run.info);
  const diverged = useDashboard((s) => s.run.stopReason === 'diverged');
  const reading = useDashboard((s) => s.run.datasetProgress);
  const epochs = progress?.epochs ?? info?.epochs ?? 0;
  const look = diverged ? 'failed' : phase;
  // A continued run counts epochs on from its weights' (initialEpoch); the bar shows this run's share.
  const first = info?.initialEpoch ?? 0;
  const done = progress
    ? progressFraction(progress, first)
    : reading && reading.total > 0
      ? reading.done / reading.total
      : phase === 'completed'
        ? 1
        : 0;
  return (
    <div className="progress" data-testid="training-progress" data-phase={phase}>
      <div
        className="progress__bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(done * 100)}
      >
        <div
          className={`progress__fill progress__fill--${!progress && reading ? 'reading' : look}`}
          style={{ width: `${Math.min(100, done * 100)}%` }}
        />
      </div>
      <div className="progress__text small">
        <span className="progress__phase">{diverged && !isActivePhase(phase) ? 'Diverged' : PHASE_LABELS[phase]}</span>
        {!progress && reading && isActivePhase(phase) ? (
          <span data-testid="dataset-progress">
            {reading.phase === 'scanning' ? 'scanning the folder' : 'reading images'}{' '}
            <b className="mono">{reading.done.toLocaleString('en-US')}</b>/{reading.total.toLocaleString('en-US')}
          </span>
        ) : null}
        {progress ? (
          <>
            <span>
              epoch <b className="mono">{progress.epoch + 1}</b>/{epochs}
            </span>
            <span>
              batch <b className="mono">{progress.batch}</b>/{progress.batchesPerEpoch}
            </span>
            <span>
              loss{' '}
              <b className="mono">
                {Number.isFinite(progress.loss) ? progress.loss.toPrecision(4) : String(progress.loss)}
              </b>
            </span>
            <span>
              acc <b className="mono">{formatPercent(progress.accuracy)}</b>
            </span>
            <span className="mono">
              {progress.samplesPerSecond !== null ? `${Math.round(progress.samplesPerSecond)} samples/s` : ''}
            </span>
            {isActivePhase(phase) ? <span>ETA {formatDuration(progress.etaSeconds)}</span> : null}
          </>
        ) : null}
      </div>
    </div>
  );
});

const BackendInfo = memo(function BackendInfo() {
  const info = useDashboard((s) => s.run.info);
  const active = useDashboard((s) => isActivePhase(s.run.phase));
  if (!info) return null;
  return (
    <div className="backend-info small" data-testid="backend-info">
      <div>
        {active ? 'Running on' : 'Ran on'} <b className="mono">{info.backend}</b> ·{' '}
        {info.trainSize.toLocaleString('en-US')} training and {info.validationSize.toLocaleString('en-US')} validation
        images
        {info.skippedFiles ? ` · ${info.skippedFiles} files skipped (see the Data tab)` : ''}
      </div>
      {info.backendNotes.length ? (
        <ul className="muted">
          {info.backendNotes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
});

const DivergenceBanner = memo(function DivergenceBanner() {
  const divergence = useDashboard((s) => s.divergence);
  const { lowerLearningRate, dismissDivergence } = useDashboardActions();
  if (!divergence) return null;
  return (
    <div className="banner banner--error" role="alert" data-testid="divergence-warning">
      <div>
        <b>Training stopped: it was not converging.</b> {divergence.message}
      </div>
      <div className="banner__actions">
        <button type="button" className="primary" onClick={lowerLearningRate} data-testid="lower-learning-rate">
          Lower learning rate 10× ({formatLearningRate(divergence.learningRate)} →{' '}
          {formatLearningRate(divergence.suggested)})
        </button>
        <button type="button" onClick={dismissDivergence}>
          Dismiss
        </button>
      </div>
    </div>
  );
});

/** Start, pause, resume and stop; progress; which backend runs and why; the divergence warning and run errors. */
export const RunControls = memo(function RunControls({ canTrain, trainBlockedReason, getProject }: RunControlsProps) {
  const phase = useDashboard((s) => s.run.phase);
  const error = useDashboard((s) => s.run.error);
  const stopReason = useDashboard((s) => s.run.stopReason);
  const message = useDashboard((s) => s.run.message);
  const { start, pause, resume, stop, dismissError } = useDashboardActions();
  const active = isActivePhase(phase);
  const blockers = useStartBlockers(
    canTrain ? null : (trainBlockedReason ?? 'The model has errors: see the Problems panel.'),
  );
  const blocked = startBlockedReason(blockers);
  return (
    <section className="card run-controls">
      <div className="run-controls__buttons">
        <button
          type="button"
          className="primary"
          disabled={active || blocked !== null}
          title={blocked ?? 'Train the model on the dataset'}
          onClick={() => void start(getProject())}
          data-testid="training-start"
        >
          ▶ Start training
        </button>
        {phase === 'paused' ? (
          <button type="button" onClick={() => void resume()} data-testid="training-resume">
            Resume
          </button>
        ) : (
          <button
            type="button"
            disabled={phase !== 'running'}
            onClick={() => void pause()}
            data-testid="training-pause"
          >
            Pause
          </button>
        )}
        <button
          type="button"
          className="danger"
          disabled={!active || phase === 'stopping' || phase === 'requesting'}
          onClick={() => void stop()}
          data-testid="training-stop"
        >
          Stop
        </button>
        {stopReason && !active ? (
          <span className="muted small" data-testid="stop-reason">{`${STOP_REASONS[stopReason] ?? stopReason}${
            message && stopReason !== 'diverged' ? `: ${message}` : ''
          }`}</span>
        ) : null}
      </div>
      {blockers.length && !active ? <StartBlockerList blockers={blockers} /> : null}
      <StartChoice />
      <ProgressBar />
      <RunRestore />
      <BackendInfo />
      <DivergenceBanner />
      {error ? <ErrorBanner error={error} onDismiss={() => dismissError('run')} testId="training-error" /> : null}
    </section>
  );
});
