import { memo } from 'react';
import type { Thumbnail } from '../payloads';
import { PixelsCanvas } from './pixels-canvas';
import { useDashboard, useDashboardActions } from './use-dashboard';

/** A few images of each class, as the model will see them; clicking one pins it for the feature maps. */
export const ThumbnailStrip = memo(function ThumbnailStrip({
  classNames,
  samples,
}: {
  classNames: string[];
  samples: Thumbnail[];
}) {
  const pinnedPath = useDashboard((s) => (s.pinned?.input.kind === 'file' ? s.pinned.input.path : null));
  const { pinThumbnail } = useDashboardActions();
  return (
    <div className="thumbs" data-testid="thumbnails">
      {classNames.map((name, label) => {
        const own = samples.filter((s) => s.label === label);
        return (
          <div className="thumbs__row" key={name}>
            <span className="thumbs__class mono" title={name}>
              {name}
            </span>
            {own.map((t) => (
              <button
                type="button"
                key={t.file}
                className={`thumb${t.file === pinnedPath ? ' thumb--pinned' : ''}`}
                title={`${t.file}\nClick to pin for the feature maps`}
                onClick={() => pinThumbnail(t)}
                data-testid="thumbnail"
              >
                <PixelsCanvas image={t} size={40} />
              </button>
            ))}
          </div>
        );
      })}
    </div>
  );
});
