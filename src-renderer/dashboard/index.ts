// The training dashboard's public surface: what the App mounts and what the editor's nodes may show.
export { Dashboard, DashboardProvider, type DashboardProps, type DashboardTab } from './ui/dashboard';
export { FeatureMapThumbnail, selectFeatureMap } from './ui/feature-map-thumbnail';
export { DatasetPanel } from './ui/dataset-panel';
export { TrainingPanel } from './ui/training-panel';
export { CurvesPanel } from './ui/curves-panel';
export { FeatureMapsPanel } from './ui/feature-maps-panel';
export { EvaluationPanel } from './ui/evaluation-panel';
export { useDashboard, useDashboardActions, useOptionalDashboard, DashboardStoreContext } from './ui/use-dashboard';
export { createDashboardStore, type DashboardStore } from './store/dashboard-store';
export type { DashboardActions, DashboardState, FeatureMapView } from './store/dashboard-state';
export { servicesFromApi, type DashboardServices } from './services';
