import { memo, useState } from 'react';
import { regionAt, type PixelBox } from '../../../src-engine';
import '../styles/feature-maps.css';
import { filterLegend, type Normalisation } from '../channel-grid';
import { isActivePhase } from '../store/dashboard-state';
import { FeatureMapCanvas } from './feature-map-canvas';
import { PinnedSample } from './pinned-sample';
import { useDashboard, useDashboardActions } from './use-dashboard';

interface LayerMapsProps {
  id: string;
  name: string;
  className: string;
  /** The input pixels a hovered cell of this layer sees, for the pinned sample's outline (null: none hovered). */
  onRegion(region: PixelBox | null): void;
}

const LayerMaps = memo(function LayerMaps({ id, name, className, onRegion }: LayerMapsProps) {
  const map = useDashboard((s) => s.featureMaps.activations[id]);
  const normalisation = useDashboard((s) => s.featureMaps.normalisation);
  const inference = useDashboard((s) => s.model.inference);
  const [seen, setSeen] = useState<string | null>(null);
  const onCell = (cell: { y: number; x: number } | null) => {
    const region = cell && inference ? regionAt(inference, id, cell.y, cell.x) : null;
    onRegion(region);
    setSeen(
      !cell
        ? null
        : region
          ? `(${cell.y}, ${cell.x}) sees input rows ${region.top}…${region.bottom}, ` +
            `columns ${region.left}…${region.right}`
          : `(${cell.y}, ${cell.x}) sees only padding`,
    );
  };
  return (
    <article className="fmap-layer" data-testid={`fmap-layer-${name}`}>
      <header>
        <span className="fmap-layer__name">{name}</span>
        <span className="muted">{className}</span>
        {map ? (
          <span className="mono muted small">
            {`(${map.shape.join(', ')}) · ${map.min.toPrecision(3)} … ${map.max.toPrecision(3)}`}
          </span>
        ) : null}
      </header>
      {map ? (
        <FeatureMapCanvas
          map={map}
          maxWidth={420}
          normalisation={normalisation}
          testId={`fmap-${name}`}
          hover
          onCell={onCell}
        />
      ) : (
        <p className="muted small">Waiting for the first maps of this run…</p>
      )}
      {seen ? (
        <div className="muted small mono" data-testid={`fmap-field-${name}`}>
          {seen}
        </div>
      ) : null}
    </article>
  );
});

const Filters = memo(function Filters() {
  const kernels = useDashboard((s) => s.featureMaps.kernels);
  const layers = useDashboard((s) => s.model.featureLayers);
  const entries = Object.values(kernels);
  if (!entries.length) return null;
  return (
    <section className="card">
      <header className="card__head">
        <h3>Filters</h3>
      </header>
      {entries.map((k) => {
        const name = layers.find((l) => l.id === k.layer)?.name ?? k.layer;
        return (
          <article className="fmap-layer" key={k.layer} data-testid={`filters-${name}`}>
            <header>
              <span className="fmap-layer__name">{name}</span>
              <span className="mono muted small">
                {`kernel (${k.shape.join(', ')}) · ${k.min.toPrecision(3)} … ${k.max.toPrecision(3)}`}
              </span>
            </header>
            <p className="muted small fmap-legend" data-testid={`filters-legend-${name}`}>
              {filterLegend(k)}
            </p>
            <FeatureMapCanvas map={k} maxWidth={420} maxScale={10} testId={`filters-canvas-${name}`} hover />
          </article>
        );
      })}
    </section>
  );
});

/**
 * The pinned sample's activations in every conv and pool layer,
 * refreshed while training runs, and the first layer's filters.
 */
export const FeatureMapsPanel = memo(function FeatureMapsPanel() {
  const layers = useDashboard((s) => s.model.featureLayers);
  const step = useDashboard((s) => s.featureMaps.step);
  const phase = useDashboard((s) => s.run.phase);
  const hasMaps = useDashboard((s) => Object.keys(s.featureMaps.activations).length > 0);
  const normalisation = useDashboard((s) => s.featureMaps.normalisation);
  const { setNormalisation } = useDashboardActions();
  const [region, setRegion] = useState<PixelBox | null>(null);
  return (
    <div className="fmaps">
      <PinnedSample outline={region} />
      <section className="card">
        <header className="card__head">
          <h3>Activations</h3>
          <span className="muted small">{step ? `epoch ${step.epoch + 1}, batch ${step.batch}` : null}</span>
          <label className="inline-field">
            contrast
            <select
              value={normalisation}
              onChange={(e) => setNormalisation(e.target.value as Normalisation)}
              data-testid="fmap-normalisation"
            >
              <option value="layer">per layer</option>
              <option value="channel">per channel</option>
            </select>
          </label>
        </header>
        {layers.length === 0 ? (
          <p className="muted">The model has no Conv2D or pooling layers.</p>
        ) : !hasMaps ? (
          <p className="muted">
            {isActivePhase(phase)
              ? 'The first maps arrive after the first batches.'
              : 'Start training to watch what each conv and pool layer sees in the pinned sample.'}
          </p>
        ) : (
          <div className="fmap-layers">
            {layers.map((l) => (
              <LayerMaps key={l.id} {...l} onRegion={setRegion} />
            ))}
          </div>
        )}
      </section>
      <Filters />
    </div>
  );
});
