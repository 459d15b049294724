import { memo } from 'react';
import type { PixelBox } from '../../../src-engine';
import { isActivePhase } from '../store/dashboard-state';
import { BlobImage } from './blob-image';
import { PixelsCanvas } from './pixels-canvas';
import { useDashboard, useDashboardActions } from './use-dashboard';

/** The sample the feature maps show: pinned from the dataset thumbnails, or an image dropped onto the window. */
export const PinnedSample = memo(function PinnedSample({ outline = null }: { outline?: PixelBox | null }) {
  const pinned = useDashboard((s) => s.pinned);
  const active = useDashboard((s) => isActivePhase(s.run.phase));
  const { unpin } = useDashboardActions();
  return (
    <section className="card pinned" data-testid="pinned-sample">
      <header className="card__head">
        <h3>Pinned sample</h3>
        {pinned ? (
          <button type="button" className="link" onClick={unpin}>
            unpin
          </button>
        ) : null}
      </header>
      <div className="pinned__body">
        <div className="pinned__image">
          {pinned?.thumbnail ? (
            <span className="pinned__frame">
              <PixelsCanvas image={pinned.thumbnail} size={96} />
              {outline ? (
                // What the hovered feature-map cell sees: a box in the sample's own pixels, as percentages.
                <span
                  className="pinned__outline"
                  data-testid="pinned-outline"
                  style={{
                    left: `${(outline.left / pinned.thumbnail.width) * 100}%`,
                    top: `${(outline.top / pinned.thumbnail.height) * 100}%`,
                    width: `${((outline.right - outline.left + 1) / pinned.thumbnail.width) * 100}%`,
                    height: `${((outline.bottom - outline.top + 1) / pinned.thumbnail.height) * 100}%`,
                  }}
                />
              ) : null}
            </span>
          ) : pinned?.input.kind === 'bytes' ? (
            <BlobImage
              imageKey={`${pinned.label}:${pinned.input.data.byteLength}`}
              load={async () => ({ data: (pinned.input as { data: Uint8Array }).data, mime: pinned.mime })}
              alt={pinned.label}
            />
          ) : (
            <span className="pinned__placeholder muted">first validation image</span>
          )}
        </div>
        <div className="small">
          <div className="pinned__label">
            {pinned ? pinned.label : 'None pinned: the first validation image is shown.'}
          </div>
          <p className="muted">
            Click a thumbnail in the Data tab, or drop an image file anywhere on the window, to watch that image pass
            through the network.
            {active ? ' A new pin applies from the next run.' : ''}
          </p>
        </div>
      </div>
    </section>
  );
});
