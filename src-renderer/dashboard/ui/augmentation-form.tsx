import { memo } from 'react';
import { PixelsCanvas } from './pixels-canvas';
import { NumberField } from './number-field';
import { useDashboard, useDashboardActions } from './use-dashboard';

/** Keras ImageDataGenerator's options (flip, shifts, rotation, zoom, fill) and a preview of augmented samples. */
export const AugmentationForm = memo(function AugmentationForm() {
  const a = useDashboard((s) => s.dataset.augmentation);
  const preview = useDashboard((s) => s.augmented);
  const { setAugmentation, loadAugmentedPreview } = useDashboardActions();
  const zoom = Number((1 - a.zoomRange[0]).toFixed(3));
  const symmetricZoom = Math.abs(a.zoomRange[1] - 1 - zoom) < 1e-9;
  return (
    <>
      <div className="db-form">
        <div className="db-field">
          <label htmlFor="aug-flip">Horizontal flip</label>
          <div className="db-field__control">
            <input
              id="aug-flip"
              type="checkbox"
              checked={a.horizontalFlip}
              onChange={(e) => setAugmentation({ horizontalFlip: e.target.checked })}
            />
            <span className="muted small">mirror at random (not for digits or text)</span>
          </div>
        </div>
        <NumberField
          label="Width shift"
          value={a.widthShiftRange}
          min={0}
          max={1}
          suffix="× width"
          onChange={(v) => setAugmentation({ widthShiftRange: v ?? 0 })}
        />
        <NumberField
          label="Height shift"
          value={a.heightShiftRange}
          min={0}
          max={1}
          suffix="× height"
          onChange={(v) => setAugmentation({ heightShiftRange: v ?? 0 })}
        />
        <NumberField
          label="Rotation"
          value={a.rotationRange}
          min={0}
          max={180}
          suffix="± degrees"
          onChange={(v) => setAugmentation({ rotationRange: v ?? 0 })}
        />
        <NumberField
          label="Zoom"
          value={symmetricZoom ? zoom : null}
          placeholder={symmetricZoom ? undefined : `[${a.zoomRange.join(', ')}]`}
          min={0}
          max={0.9}
          suffix="± fraction"
          onChange={(v) => setAugmentation({ zoomRange: [1 - (v ?? 0), 1 + (v ?? 0)] })}
        />
        <div className="db-field">
          <label htmlFor="aug-fill">Fill</label>
          <div className="db-field__control">
            <select
              id="aug-fill"
              value={a.fillMode}
              onChange={(e) => setAugmentation({ fillMode: e.target.value as typeof a.fillMode })}
            >
              <option value="nearest">nearest edge pixel</option>
              <option value="constant">constant</option>
              <option value="reflect">reflect</option>
              <option value="wrap">wrap</option>
            </select>
            {a.fillMode === 'constant' ? (
              <input
                className="input--short"
                type="number"
                min={0}
                max={1}
                step={0.1}
                value={a.cval}
                aria-label="Constant fill value (0..1)"
                onChange={(e) => setAugmentation({ cval: Math.max(0, Math.min(1, Number(e.target.value))) })}
              />
            ) : null}
          </div>
        </div>
      </div>
      <div className="aug-preview">
        <button
          type="button"
          onClick={() => void loadAugmentedPreview()}
          disabled={preview.status === 'loading'}
          data-testid="augmentation-preview"
        >
          {preview.status === 'ready' ? 'New random samples' : 'Preview augmented samples'}
        </button>
        {preview.status === 'loading' ? <span className="muted small">augmenting…</span> : null}
        {preview.error ? <p className="banner banner--error small">{preview.error.message}</p> : null}
        {preview.value ? (
          <div className="aug-preview__grid">
            {preview.value.samples.map((s, i) => (
              <PixelsCanvas key={`${s.file}-${i}`} image={s} size={48} title={`${s.className}: ${s.file}`} />
            ))}
          </div>
        ) : null}
      </div>
    </>
  );
});
