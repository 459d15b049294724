import { memo, useCallback, useMemo } from 'react';
import { emptySelection } from '../store/editor-state';
import { useActions, useEditor } from '../store/use-editor';
import { ProblemList } from '../common/problem-list';
import { useDatasetFitDiagnostics } from '../inspector/use-dataset-fit';

/**
 * Every diagnostic of the model, errors first, and how it fits the dataset the dashboard has loaded; layer names
 * select the layer, fixes apply in one click.
 */
export const ProblemsPanel = memo(function ProblemsPanel() {
  const own = useEditor((s) => s.inference.diagnostics);
  const fit = useDatasetFitDiagnostics();
  const diagnostics = useMemo(() => [...own, ...fit], [own, fit]);
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
