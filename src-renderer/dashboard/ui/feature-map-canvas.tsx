import { memo, useEffect, useRef, useState } from 'react';
import {
  cellAt,
  channelGridLayout,
  renderChannelGrid,
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
  /** Told which cell (row, column of the map) is under the pointer, for the receptive field; null on leaving. */
  onCell?(cell: { y: number; x: number } | null): void;
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
  onCell,
}: FeatureMapCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [cell, setCell] = useState<{ tile: number; y: number; x: number } | null>(null);
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
        onMouseMove={
          hover
            ? (e) => {
                const at = cellAt(layout, e.nativeEvent.offsetX, e.nativeEvent.offsetY);
                setCell(at);
                onCell?.(at && { y: at.y, x: at.x });
              }
            : undefined
        }
        onMouseLeave={
          hover
            ? () => {
                setCell(null);
                onCell?.(null);
              }
            : undefined
        }
      />
      {hover ? (
        <div className="fmap__caption muted small mono">
          {cell !== null
            ? `${noun} ${cell.tile}${onCell ? ` · (${cell.y}, ${cell.x})` : ''}`
            : `${layout.tiles} ${noun}s · ${layout.tileHeight}×${layout.tileWidth}${
                layout.scale > 1 ? ` · ×${layout.scale}` : ''
              }`}
        </div>
      ) : null}
    </div>
  );
});
