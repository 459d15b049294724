// The model against the dataset on the Data tab: the mismatches with their one-click fixes and "Fit the model to
// this dataset"; and the list of what keeps Start disabled, with the same fixes. The host supplies the graph and
// applies the fixes through the editor's undoable edits.
import { createContext, memo, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import { datasetFitDiagnostics, datasetFitEdits, inferShapes, type Diagnostic, type Fix } from '../../../src-engine';
import type { ModelGraph } from '../../../src-engine';
import { datasetFactsOf, fieldProblems, startBlockerList, type StartBlocker } from '../start-blockers';
import { useDashboard } from './use-dashboard';

export interface ModelFitContextValue {
  graph: ModelGraph | null;
  /** Applies fixes to the edited model as undoable edits; null when the host cannot edit it. */
  applyFixes: ((fixes: readonly Fix[]) => void) | null;
}

export const ModelFitContext = createContext<ModelFitContextValue>({ graph: null, applyFixes: null });

/** The model-versus-dataset diagnostics, once the report of the dataset training would read is loaded. */
export function useDatasetFit(): Diagnostic[] {
  const { graph } = useContext(ModelFitContext);
  const report = useDashboard((s) => s.report.value);
  const path = useDashboard((s) => s.dataset.path);
  const samplePath = useDashboard((s) => s.samplePath);
  const loss = useDashboard((s) => s.training.loss);
  return useMemo(() => {
    const facts = datasetFactsOf(report, path, samplePath);
    return graph && facts ? datasetFitDiagnostics(graph, inferShapes(graph), facts, loss) : [];
  }, [graph, report, path, samplePath, loss]);
}

/** Every reason Start is disabled: model errors, its input, invalid settings, a model that does not fit the data. */
export function useStartBlockers(model: string | null): StartBlocker[] {
  const input = useDashboard((s) => ('problem' in s.model.input ? s.model.input.problem : null));
  const byField = useStore(fieldProblems, (s) => s.byField);
  const fit = useDatasetFit();
  return useMemo(
    () => startBlockerList({ model, input, fields: Object.values(byField), fit }),
    [model, input, byField, fit],
  );
}

/** Why Start is disabled, each reason with its one-click fixes (the same ones as the Data tab's). */
export const StartBlockerList = memo(function StartBlockerList({ blockers }: { blockers: readonly StartBlocker[] }) {
  const { applyFixes } = useContext(ModelFitContext);
  return (
    <ul className="banner banner--warning small start-blockers" data-testid="training-blocked">
      {blockers.map((b) => (
        <li key={b.message} data-testid="training-blocker">
          <span>{b.message}</span>
          {applyFixes && b.fixes.length ? (
            <span className="problem__fixes">
              {b.fixes.map((f) => (
                <button key={f.label} type="button" className="fix" onClick={() => applyFixes([f])}>
                  {f.label}
                </button>
              ))}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
});

/** The mismatches between the model and the dataset, each with its fixes, and one button applying them all. */
export const DatasetFitBox = memo(function DatasetFitBox() {
  const { applyFixes } = useContext(ModelFitContext);
  const diagnostics = useDatasetFit();
  const report = useDashboard((s) => s.report.value);
  if (!report) return null;
  if (diagnostics.length === 0)
    return (
      <p className="ok-line small" data-testid="dataset-fit-ok">
        The model fits this dataset ({report.report.classNames.length} classes).
      </p>
    );
  const all = datasetFitEdits(diagnostics);
  return (
    <div className="dataset-fit" data-testid="dataset-fit">
      <ul className="problems">
        {diagnostics.map((d) => (
          <li key={d.code} className={`problem problem--${d.severity}`} data-testid={`dataset-fit-${d.code}`}>
            <div className="problem__message">{d.message}</div>
            {applyFixes && d.fixes?.length ? (
              <div className="problem__fixes">
                {d.fixes.map((f) => (
                  <button key={f.label} type="button" className="fix" onClick={() => applyFixes([f])}>
                    {f.label}
                  </button>
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {applyFixes && all.length > 0 ? (
        <button type="button" className="primary" onClick={() => applyFixes(all)} data-testid="fit-model-to-dataset">
          Fit the model to this dataset
        </button>
      ) : null}
    </div>
  );
});
