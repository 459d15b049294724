import { memo } from 'react';
import '../styles/evaluation.css';
import type { ProjectFile } from '../../../src-engine';
import { topConfusions } from '../confusion';
import { isActivePhase } from '../store/dashboard-state';
import { ClassMetrics } from './class-metrics';
import { ConfusionMatrix } from './confusion-matrix';
import { formatPercent } from './format';
import { ErrorBanner } from './error-banner';
import { MisclassifiedGallery } from './misclassified-gallery';
import { PredictionPanel, type PredictionPanelProps } from './prediction-panel';
import { useDashboard, useDashboardActions } from './use-dashboard';
import { UntrainedBanner } from './weights-card';

export interface EvaluationPanelProps extends PredictionPanelProps {
  getProject: () => ProjectFile;
}

/**
 * After training (automatically) or on demand: accuracy, confusion matrix, per-class metrics, mistakes; and prediction.
 */
export const EvaluationPanel = memo(function EvaluationPanel({ getProject, onImageFile }: EvaluationPanelProps) {
  const evaluation = useDashboard((s) => s.evaluation);
  const training = useDashboard((s) => isActivePhase(s.run.phase));
  const { evaluate, setEvaluationSubset, dismissError } = useDashboardActions();
  const report = evaluation.value;
  const mistakes = report ? topConfusions(report.confusion, 3) : [];
  return (
    <div className="evaluation">
      <div className="evaluation__main">
        <section className="card">
          <header className="card__head">
            <h3>Evaluation</h3>
            <label className="inline-field">
              on
              <select
                value={evaluation.subset}
                onChange={(e) => setEvaluationSubset(e.target.value as 'validation' | 'all')}
                data-testid="evaluation-subset"
              >
                <option value="validation">validation images</option>
                <option value="all">all images</option>
              </select>
            </label>
            <button
              type="button"
              className="card__action"
              disabled={evaluation.status === 'loading' || training}
              onClick={() => void evaluate(getProject())}
              data-testid="evaluate"
            >
              {evaluation.status === 'loading' ? 'Evaluating…' : 'Evaluate'}
            </button>
          </header>
          <UntrainedBanner />
          {evaluation.error ? (
            <ErrorBanner
              error={evaluation.error}
              onDismiss={() => dismissError('evaluation')}
              testId="evaluation-error"
            />
          ) : null}
          {evaluation.status === 'idle' && !report ? (
            <p className="muted">The model is evaluated when training finishes; or evaluate a trained model now.</p>
          ) : null}
          {report ? (
            <>
              <div className="stats" data-testid="evaluation-summary">
                <div>
                  <span className="stats__value">{formatPercent(report.accuracy)}</span>
                  <span className="stats__label">accuracy</span>
                </div>
                <div>
                  <span className="stats__value">{report.loss.toPrecision(4)}</span>
                  <span className="stats__label">loss</span>
                </div>
                <div>
                  <span className="stats__value">{report.samples.toLocaleString('en-US')}</span>
                  <span className="stats__label">images</span>
                </div>
                <div>
                  <span className="stats__value">{report.misclassifiedCount.toLocaleString('en-US')}</span>
                  <span className="stats__label">wrong</span>
                </div>
              </div>
              {mistakes.length ? (
                <p className="small muted">
                  Most confused:{' '}
                  {mistakes.map((m, i) => (
                    <span key={`${m.actual}-${m.predicted}`}>
                      {i ? ', ' : ''}
                      <span className="mono">{report.classNames[m.actual]}</span> taken for{' '}
                      <span className="mono">{report.classNames[m.predicted]}</span> ({m.count}×)
                    </span>
                  ))}
                </p>
              ) : null}
              <div className="evaluation__tables">
                <ConfusionMatrix classNames={report.classNames} confusion={report.confusion} />
                <ClassMetrics
                  classNames={report.classNames}
                  precision={report.precision}
                  recall={report.recall}
                  support={report.support}
                />
              </div>
            </>
          ) : null}
        </section>
        {report ? (
          <section className="card">
            <header className="card__head">
              <h3>Misclassified</h3>
              <span className="muted small">
                true → predicted, with the model's confidence · click for details
                {report.misclassifiedCount > report.misclassified.length
                  ? ` · the first ${report.misclassified.length} of ` +
                    `${report.misclassifiedCount.toLocaleString('en-US')}`
                  : ''}
              </span>
            </header>
            <MisclassifiedGallery classNames={report.classNames} items={report.misclassified} />
          </section>
        ) : null}
      </div>
      <div className="evaluation__side">
        <PredictionPanel onImageFile={onImageFile} />
      </div>
    </div>
  );
});
