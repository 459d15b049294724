// The training dashboard's public surface: what the App mounts and what the editor's nodes may show. Code outside
// dashboard/ imports only this file (scripts/import-rules.ts).
export { Dashboard, DashboardProvider, type DashboardProps, type DashboardTab } from './ui/dashboard';
export { FeatureMapThumbnail, selectFeatureMap } from './ui/feature-map-thumbnail';
export { DatasetPanel } from './ui/dataset-panel';
export { TrainingPanel } from './ui/training-panel';
export { CurvesPanel } from './ui/curves-panel';
export { FeatureMapsPanel } from './ui/feature-maps-panel';
export { EvaluationPanel } from './ui/evaluation-panel';
export { ResetWeightsButton } from './ui/weights-card';
export { ViewSwitch, type WorkspaceView } from './ui/view-switch';
export { useDashboard, useDashboardActions, useOptionalDashboard, DashboardStoreContext } from './ui/use-dashboard';
export { createDashboardStore, type DashboardStore } from './store/dashboard-store';
export type { DashboardActions, DashboardState, FeatureMapView } from './store/dashboard-state';
export { servicesFromApi, type DashboardServices } from './services';
export { datasetFactsOf } from './start-blockers';
export { savedRuns } from './run-history';
