import { memo, useEffect, useRef, useState } from 'react';
import {
  channelGridLayout,
  renderChannelGrid,
  tileAt,
  tileShape,
  type FeatureMapData,
  type Normalisation,
} from '../channel-grid';

export interface FeatureMapCanvasProps {
  map: FeatureMapData;
  maxWidth: number;
  maxScale?: number;
  gap?: number;
  normalisation?: Normalisation;
  testId?: string;
  /** Show which channel is under the pointer. */
  hover?: boolean;
}

function layoutOf(map: FeatureMapData, maxWidth: number, maxScale: number, gap: number) {
  const shape = tileShape(map);
  return shape ? channelGridLayout(shape.tiles, shape.height, shape.width, { maxWidth, maxScale, gap }) : null;
}

/** One layer's channels (or filters) as a colour-mapped grid, drawn pixel-exact into a canvas. */
export const FeatureMapCanvas = memo(function FeatureMapCanvas({
  map,
  maxWidth,
  maxScale = 8,
  gap = 2,
  normalisation = 'layer',
  testId,
  hover = false,
}: FeatureMapCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [tile, setTile] = useState<number | null>(null);
  const layout = layoutOf(map, maxWidth, maxScale, gap);

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    const grid = layoutOf(map, maxWidth, maxScale, gap);
    if (!canvas || !ctx || !grid) return;
    canvas.width = grid.width;
    canvas.height = grid.height;
    ctx.putImageData(new ImageData(renderChannelGrid(map, grid, { normalisation }), grid.width, grid.height), 0, 0);
  }, [map, maxWidth, maxScale, gap, normalisation]);

  if (!layout) return <p className="muted small">Shape [{map.shape.join(', ')}] has no image form.</p>;
  const noun = map.kind === 'kernel' ? 'filter' : 'channel';
  return (
    <div className="fmap">
      <canvas
        ref={ref}
        className="fmap__canvas"
        data-testid={testId}
        width={layout.width}
        height={layout.height}
        onMouseMove={hover ? (e) => setTile(tileAt(layout, e.nativeEvent.offsetX, e.nativeEvent.offsetY)) : undefined}
        onMouseLeave={hover ? () => setTile(null) : undefined}
      />
      {hover ? (
        <div className="fmap__caption muted small mono">
          {tile !== null
            ? `${noun} ${tile}`
            : `${layout.tiles} ${noun}s · ${layout.tileHeight}×${layout.tileWidth}${
                layout.scale > 1 ? ` · ×${layout.scale}` : ''
              }`}
        </div>
      ) : null}
    </div>
  );
});
