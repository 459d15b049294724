import { memo, useEffect, useMemo, useState } from 'react';
import { galleryMoreButtons, misclassifiedCaption, type MisclassifiedItem as Item } from '../gallery';
import { basename, errorView } from '../store/kit';
import type { Prediction } from '../payloads';
import { BlobImage } from './blob-image';
import { GradCamView } from './grad-cam-view';
import { ProbabilityBars } from './probability-bars';
import { useDashboardActions } from './use-dashboard';

const PAGE = 40;

/** The Grad-CAM map of a gallery image for the class the model predicted, asked for when shown (keyed by file). */
function WhereItLooked({ item }: { item: Item }) {
  const { explain } = useDashboardActions();
  const [state, setState] = useState<{ value: Prediction | null; error: string | null }>({ value: null, error: null });
  const image = useMemo(() => ({ kind: 'file' as const, path: item.file }), [item.file]);
  useEffect(() => {
    let alive = true;
    explain(item.predicted, image).then(
      (value) => alive && setState({ value, error: null }),
      (e: unknown) => alive && setState({ value: null, error: errorView(e).message }),
    );
    return () => {
      alive = false;
    };
  }, [explain, image, item.predicted]);
  if (state.error) return <p className="small text-error">Grad-CAM: {state.error}</p>;
  if (!state.value) return <p className="muted small">Finding where the model looked…</p>;
  return <GradCamView initial={state.value} image={image} size={140} />;
}

function ImageViewer({ item, classNames, onClose }: { item: Item; classNames: string[]; onClose: () => void }) {
  const { readImage } = useDashboardActions();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal modal--wide viewer"
        role="dialog"
        aria-label={basename(item.file)}
        onClick={(e) => e.stopPropagation()}
        data-testid="image-viewer"
      >
        <header className="modal__head">
          <h3 className="mono">{basename(item.file)}</h3>
          <button type="button" className="link" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="viewer__body">
          <BlobImage
            imageKey={item.file}
            load={() => readImage(item.file)}
            alt={basename(item.file)}
            className="viewer__image"
          />
          <div>
            <p>
              True class <b className="mono">{classNames[item.label]}</b>, predicted{' '}
              <b className="mono text-error">{classNames[item.predicted]}</b>
            </p>
            <ProbabilityBars classNames={classNames} probabilities={item.probabilities} k={5} actual={item.label} />
            <p className="muted small mono viewer__path">{item.file}</p>
            <WhereItLooked key={item.file} item={item} />
          </div>
        </div>
      </div>
    </div>
  );
}

/** The validation images the model got wrong, with their top predictions; click one to see it large. */
export const MisclassifiedGallery = memo(function MisclassifiedGallery({
  classNames,
  items,
}: {
  classNames: string[];
  items: Item[];
}) {
  const { readImage } = useDashboardActions();
  const [shown, setShown] = useState(PAGE);
  const [open, setOpen] = useState<Item | null>(null);
  if (items.length === 0) return <p className="muted">No misclassified images.</p>;
  const more = galleryMoreButtons(shown, items.length, PAGE);
  return (
    <>
      <div className="gallery" data-testid="misclassified">
        {items.slice(0, shown).map((item) => {
          const caption = misclassifiedCaption(item, classNames);
          return (
            <button
              type="button"
              key={item.file}
              className="gallery__item"
              onClick={() => setOpen(item)}
              title={caption.title}
            >
              <BlobImage
                imageKey={item.file}
                load={() => readImage(item.file)}
                alt={basename(item.file)}
                className="gallery__image"
              />
              <span className="gallery__caption small">
                <span className="gallery__actual mono">{caption.actual}</span>
                <span className="gallery__line">
                  <span className="gallery__name">
                    → <b className="mono text-error">{caption.predicted}</b>
                  </span>
                  <span className="gallery__confidence muted">{caption.confidence}</span>
                </span>
              </span>
            </button>
          );
        })}
      </div>
      {more.length ? (
        <div className="gallery__more">
          <span className="muted small">
            {shown} of {items.length} shown
          </span>
          {more.map((b) => (
            <button type="button" key={b.label} onClick={() => setShown(b.shown)}>
              {b.label}
            </button>
          ))}
        </div>
      ) : null}
      {open ? <ImageViewer item={open} classNames={classNames} onClose={() => setOpen(null)} /> : null}
    </>
  );
});
