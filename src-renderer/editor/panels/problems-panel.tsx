import { memo, useCallback, useMemo } from 'react';
import { datasetFitDiagnostics } from '../../../src-engine';
import { datasetFactsOf, useOptionalDashboard } from '../../dashboard';
import { emptySelection } from '../store/editor-state';
import { useActions, useEditor } from '../store/use-editor';
import { ProblemList } from '../common/problem-list';

/**
 * Every diagnostic of the model, errors first, and how it fits the dataset the dashboard has loaded; layer names
 * select the layer, fixes apply in one click.
 */
export const ProblemsPanel = memo(function ProblemsPanel() {
  const graph = useEditor((s) => s.doc.graph);
  const inference = useEditor((s) => s.inference);
  const report = useOptionalDashboard((s) => s.report.value);
  const path = useOptionalDashboard((s) => s.dataset.path);
  const samplePath = useOptionalDashboard((s) => s.samplePath);
  const loss = useOptionalDashboard((s) => s.training.loss);
  const diagnostics = useMemo(() => {
    const facts = datasetFactsOf(report, path, samplePath);
    return facts
      ? [...inference.diagnostics, ...datasetFitDiagnostics(graph, inference, facts, loss)]
      : inference.diagnostics;
  }, [graph, inference, report, path, samplePath, loss]);
  const actions = useActions();
  const select = useCallback((nodeId: string) => actions.select({ ...emptySelection, nodeIds: [nodeId] }), [actions]);
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...diagnostics].sort((a, b) => order[a.severity] - order[b.severity]);
  return (
    <div className="problems-panel" data-testid="problems-panel">
      {sorted.length === 0 ? (
        <p className="ok-line">No problems: the model builds and can be trained.</p>
      ) : (
        <ProblemList diagnostics={sorted} stripLayer onSelectLayer={select} />
      )}
    </div>
  );
});
