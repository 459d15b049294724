import { memo, useEffect, useRef } from 'react';
import { toRgba, type PixelImage } from '../pixels';

/** A small image at its own resolution, enlarged by the browser without smoothing (each pixel a crisp square). */
export const PixelsCanvas = memo(function PixelsCanvas({
  image,
  size,
  className,
  title,
}: {
  image: PixelImage;
  size: number;
  className?: string;
  title?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || image.width < 1 || image.height < 1) return;
    canvas.width = image.width;
    canvas.height = image.height;
    ctx.putImageData(new ImageData(toRgba(image), image.width, image.height), 0, 0);
  }, [image]);
  const scale = size / Math.max(image.width, image.height);
  return (
    <canvas
      ref={ref}
      className={`pixels${className ? ` ${className}` : ''}`}
      title={title}
      style={{ width: Math.round(image.width * scale), height: Math.round(image.height * scale) }}
    />
  );
});
