import { memo, useEffect, useRef, useState } from 'react';
import { gradCamOverlay } from '../grad-cam-overlay';
import type { ImageInput, Prediction } from '../payloads';
import type { PixelImage } from '../pixels';
import { errorView } from '../store/kit';
import { useDashboardActions } from './use-dashboard';

function OverlayCanvas({ prediction, size }: { prediction: Prediction; size: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const map = prediction.gradCam;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !map) return;
    const image: PixelImage = prediction;
    const scale = Math.max(1, Math.floor(size / Math.max(image.width, image.height)));
    const { width, height, rgba } = gradCamOverlay(image, map, Math.min(scale, 8));
    canvas.width = width;
    canvas.height = height;
    ctx.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [prediction, map, size]);
  const scale = size / Math.max(prediction.width, prediction.height);
  return (
    <canvas
      ref={ref}
      className="pixels grad-cam__canvas"
      data-testid="grad-cam-canvas"
      style={{ width: Math.round(prediction.width * scale), height: Math.round(prediction.height * scale) }}
    />
  );
}

/**
 * Where the model looked: the Grad-CAM map of `initial` (a prediction that carries one) over the image the model
 * saw, with a choice of class (the predicted one first); another class asks the services for its map.
 */
export const GradCamView = memo(function GradCamView({
  initial,
  image,
  size = 160,
}: {
  initial: Prediction;
  /** The image to explain again for another class; omitted: the image last predicted. */
  image?: ImageInput;
  size?: number;
}) {
  const { explain } = useDashboardActions();
  // What another class's request answered, for this `initial` only (a new prediction starts from its own map).
  const [answer, setAnswer] = useState<{ for: Prediction; value: Prediction | null; error: string | null }>({
    for: initial,
    value: null,
    error: null,
  });
  const [busy, setBusy] = useState(false);
  const current = answer.for === initial ? answer : { for: initial, value: null, error: null };
  const shown = current.value ?? initial;
  const error = current.error;
  if (!initial.gradCam) {
    return initial.gradCamNote ? <p className="muted small grad-cam__note">{initial.gradCamNote}</p> : null;
  }
  const map = shown.gradCam ?? initial.gradCam;
  const order = initial.probabilities.map((p, i) => ({ p, i })).sort((a, b) => b.p - a.p);
  const choose = async (classIndex: number) => {
    setBusy(true);
    try {
      setAnswer({ for: initial, value: await explain(classIndex, image), error: null });
    } catch (e) {
      const view = errorView(e);
      setAnswer({
        for: initial,
        value: current.value,
        error: view.hint ? `${view.message} ${view.hint}` : view.message,
      });
    } finally {
      setBusy(false);
    }
  };
  const className = initial.classNames[map.classIndex];
  return (
    <figure className="grad-cam" data-testid="grad-cam">
      <OverlayCanvas prediction={shown.gradCam ? shown : initial} size={size} />
      <figcaption className="small">
        <label className="grad-cam__class">
          Where the model looked for{' '}
          <select
            value={map.classIndex}
            disabled={busy}
            onChange={(e) => void choose(Number(e.target.value))}
            data-testid="grad-cam-class"
          >
            {order.map(({ p, i }) => (
              <option key={i} value={i}>
                {initial.classNames[i]} ({(p * 100).toFixed(1)} %){i === initial.predicted ? ' · predicted' : ''}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          Grad-CAM at <span className="mono">{map.layerName}</span>: red where that layer&apos;s activations raised the
          score of <b>{className}</b>. {map.maximum === 0 ? 'No position raised it here, so the map is empty. ' : ''}
          It shows where the model looked, not a proof of its reasoning.
        </span>
        {error ? (
          <span className="text-error" role="alert">
            {error}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
});
