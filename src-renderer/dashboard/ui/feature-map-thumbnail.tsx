import { memo } from 'react';
import type { DashboardState, FeatureMapView } from '../store/dashboard-state';
import { FeatureMapCanvas } from './feature-map-canvas';
import { useOptionalDashboard } from './use-dashboard';

/** The latest activations of a layer, for a selector such as useStore(store, selectFeatureMap(id)). */
export const selectFeatureMap =
  (nodeId: string) =>
  (s: DashboardState): FeatureMapView | null =>
    s.featureMaps.activations[nodeId] ?? null;

/**
 * A layer's feature maps in miniature, for the editor's nodes: renders nothing until the layer has maps (or
 * outside a DashboardProvider), so a node can include it unconditionally.
 */
export const FeatureMapThumbnail = memo(function FeatureMapThumbnail({ nodeId, width = 150 }: { nodeId: string; width?: number }) {
  const map = useOptionalDashboard(selectFeatureMap(nodeId));
  const normalisation = useOptionalDashboard((s) => s.featureMaps.normalisation);
  if (!map) return null;
  return (
    <div className="fmap-thumb" title={`Feature maps of the pinned sample: ${map.shape[2] ?? '?'} channels`}>
      <FeatureMapCanvas map={map} maxWidth={width} maxScale={3} gap={1} normalisation={normalisation ?? 'layer'} testId={`fmap-thumb-${nodeId}`} />
    </div>
  );
});
