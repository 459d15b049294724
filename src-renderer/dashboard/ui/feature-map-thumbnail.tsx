import { memo, useEffect, useRef } from 'react';
import '../styles/feature-maps.css';
import { channelGridLayout, firstChannels, renderChannelGrid, tileShape } from '../channel-grid';
import type { DashboardState, FeatureMapView } from '../store/dashboard-state';
import { useOptionalDashboard } from './use-dashboard';

/** The latest activations of a layer, for a selector such as useStore(store, selectFeatureMap(id)). */
export const selectFeatureMap =
  (nodeId: string) =>
  (s: DashboardState): FeatureMapView | null =>
    s.featureMaps.activations[nodeId] ?? null;

const THUMB_CHANNELS = 8;
const THUMB_COLUMNS = 4;

/**
 * A layer's feature maps in miniature for the editor's nodes: its first channels in a small grid that sits beside
 * the node (absolutely placed, so the graph's layout does not move). Renders nothing until the layer has maps (or
 * outside a DashboardProvider), so a node can include it
 * unconditionally; it follows the pinned sample while training runs.
 */
export const FeatureMapThumbnail = memo(function FeatureMapThumbnail({
  nodeId,
  channels = THUMB_CHANNELS,
}: {
  nodeId: string;
  channels?: number;
}) {
  const map = useOptionalDashboard(selectFeatureMap(nodeId));
  const normalisation = useOptionalDashboard((s) => s.featureMaps.normalisation);
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!map || !canvas || !ctx) return;
    const strip = firstChannels(map, channels);
    const shape = tileShape(strip);
    if (!shape) return;
    const layout = channelGridLayout(shape.tiles, shape.height, shape.width, {
      maxWidth: Number.MAX_SAFE_INTEGER,
      columns: THUMB_COLUMNS,
      maxScale: 1,
      gap: 1,
    });
    canvas.width = layout.width;
    canvas.height = layout.height;
    ctx.putImageData(
      new ImageData(
        renderChannelGrid(strip, layout, { normalisation: normalisation ?? 'layer' }),
        layout.width,
        layout.height,
      ),
      0,
      0,
    );
  }, [map, channels, normalisation]);
  if (!map || !tileShape(map)) return null;
  const shown = Math.min(channels, map.shape[2]);
  return (
    <div
      className="fmap-thumb"
      title={
        `Feature maps of the pinned sample: ` +
        `${shown === map.shape[2] ? 'all' : `the first ${shown} of`} ${map.shape[2]} channels`
      }
    >
      <canvas ref={ref} className="fmap-thumb__canvas" data-testid={`fmap-thumb-${nodeId}`} />
    </div>
  );
});
