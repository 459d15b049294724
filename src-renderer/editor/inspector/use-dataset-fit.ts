import { useMemo } from 'react';
import { datasetFitDiagnostics, type Diagnostic } from '../../../src-engine';
import { datasetFactsOf, useOptionalDashboard } from '../../dashboard';
import { modelStatus, type ModelStatus } from '../store/model-status';
import { useEditor } from '../store/use-editor';

/** How the edited model fits the dataset the dashboard has loaded (none without a dashboard or a current report). */
export function useDatasetFitDiagnostics(): readonly Diagnostic[] {
  const graph = useEditor((s) => s.doc.graph);
  const inference = useEditor((s) => s.inference);
  const report = useOptionalDashboard((s) => s.report.value);
  const path = useOptionalDashboard((s) => s.dataset.path);
  const samplePath = useOptionalDashboard((s) => s.samplePath);
  const loss = useOptionalDashboard((s) => s.training.loss);
  return useMemo(() => {
    const facts = datasetFactsOf(report, path, samplePath);
    return facts ? datasetFitDiagnostics(graph, inference, facts, loss) : [];
  }, [graph, inference, report, path, samplePath, loss]);
}

/** The model's verdict, dataset fit included: the inspector, the status bar and the Problems tab all show this one. */
export function useModelStatus(): ModelStatus {
  const own = useEditor((s) => s.inference.diagnostics);
  const fit = useDatasetFitDiagnostics();
  return useMemo(() => modelStatus(own, fit), [own, fit]);
}
