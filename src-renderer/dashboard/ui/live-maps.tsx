import { memo } from 'react';
import '../styles/feature-maps.css';
import { isActivePhase } from '../store/dashboard-state';
import { FeatureMapCanvas } from './feature-map-canvas';
import { PixelsCanvas } from './pixels-canvas';
import { useDashboard } from './use-dashboard';

const LiveLayer = memo(function LiveLayer({ id, name }: { id: string; name: string }) {
  const map = useDashboard((s) => s.featureMaps.activations[id]);
  const normalisation = useDashboard((s) => s.featureMaps.normalisation);
  if (!map) return null;
  return (
    <article className="live-maps__layer" data-testid={`live-fmap-${name}`}>
      <header className="small">
        <span className="fmap-layer__name">{name}</span> <span className="mono muted">({map.shape.join(', ')})</span>
      </header>
      <FeatureMapCanvas map={map} maxWidth={300} maxScale={4} normalisation={normalisation} />
    </article>
  );
});

/**
 * Beside the curves: what the conv and pool layers make of the pinned sample while the run trains (the Feature
 * maps tab has them large, with the filters).
 */
export const LiveMaps = memo(function LiveMaps() {
  const layers = useDashboard((s) => s.model.featureLayers);
  const step = useDashboard((s) => s.featureMaps.step);
  const pinned = useDashboard((s) => s.pinned);
  const active = useDashboard((s) => isActivePhase(s.run.phase));
  const hasMaps = useDashboard((s) => Object.keys(s.featureMaps.activations).length > 0);
  return (
    <section className="card live-maps" aria-label="Live feature maps" data-testid="live-maps">
      <header className="card__head">
        <h3>Feature maps</h3>
        <span className="muted small">{step ? `epoch ${step.epoch + 1}, batch ${step.batch}` : null}</span>
      </header>
      <div className="live-maps__sample small">
        {pinned?.thumbnail ? <PixelsCanvas image={pinned.thumbnail} size={48} /> : null}
        <span className="muted">
          {pinned ? `Pinned: ${pinned.label}` : 'The first validation image (pin another in the Data tab).'}
        </span>
      </div>
      {layers.length === 0 ? (
        <p className="muted small">The model has no Conv2D or pooling layers.</p>
      ) : !hasMaps ? (
        <p className="muted small">
          {active ? 'The first maps arrive after the first batches.' : 'Start training to watch the layers learn.'}
        </p>
      ) : (
        layers.map((l) => <LiveLayer key={l.id} id={l.id} name={l.name} />)
      )}
    </section>
  );
});
