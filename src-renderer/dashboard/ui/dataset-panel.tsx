import { memo, useEffect } from 'react';
import '../styles/dataset.css';
import { INTERPOLATIONS } from '../../../src-engine';
import { isImageInput } from '../store/model-view';
import { AugmentationForm } from './augmentation-form';
import { DatasetReport } from './dataset-report';
import { DatasetFitBox } from './model-fit';
import { ThumbnailStrip } from './thumbnail-strip';
import { useDashboard, useDashboardActions } from './use-dashboard';

const CHANNEL_NAMES: Record<number, string> = { 1: 'grayscale', 3: 'RGB', 4: 'RGBA' };
const hex = (rgb: readonly number[]) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const rgbOf = (h: string): [number, number, number] =>
  [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];

const SourcePicker = memo(function SourcePicker() {
  const path = useDashboard((s) => s.dataset.path);
  const validationPath = useDashboard((s) => s.dataset.validationPath);
  const samplePath = useDashboard((s) => s.samplePath);
  const { setDatasetSource, setDataset, chooseFolder } = useDashboardActions();
  const choose = async (which: 'dataset' | 'validation', start: string | null) => {
    const chosen = await chooseFolder(start ?? undefined);
    if (!chosen) return;
    if (which === 'dataset') setDatasetSource(chosen);
    else setDataset({ validationPath: chosen });
  };
  return (
    <div className="source">
      <label className="source__option">
        <input
          type="radio"
          name="dataset-source"
          checked={path === null}
          onChange={() => setDatasetSource(null)}
          data-testid="dataset-source-sample"
        />
        <span>
          <b>Sample digits</b>{' '}
          <span className="muted">10,000 handwritten MNIST digits in 10 classes, 28×28 grayscale</span>
        </span>
      </label>
      <label className="source__option">
        <input
          type="radio"
          name="dataset-source"
          checked={path !== null}
          onChange={() => void choose('dataset', path ?? samplePath)}
          data-testid="dataset-source-folder"
        />
        <span>
          <b>Image folder</b> <span className="muted">one sub-folder per class</span>
          {path ? <span className="mono source__path">{path}</span> : null}
        </span>
        <button type="button" onClick={() => void choose('dataset', path)} data-testid="dataset-choose-folder">
          Choose…
        </button>
      </label>
      <div className="source__validation small">
        <span className="muted">Validation:</span>
        {validationPath ? (
          <>
            <span className="mono">{validationPath}</span>
            <button type="button" className="link" onClick={() => setDataset({ validationPath: null })}>
              use the split instead
            </button>
          </>
        ) : (
          <>
            <span>a random split of the training folder (see Split)</span>
            <button type="button" className="link" onClick={() => void choose('validation', validationPath ?? path)}>
              use a separate folder…
            </button>
          </>
        )}
      </div>
    </div>
  );
});

const Preprocessing = memo(function Preprocessing() {
  const input = useDashboard((s) => s.model.input);
  const interpolation = useDashboard((s) => s.dataset.interpolation);
  const background = useDashboard((s) => s.dataset.background);
  const split = useDashboard((s) => s.training.validationSplit);
  const seed = useDashboard((s) => s.training.seed);
  const hasValidationFolder = useDashboard((s) => s.dataset.validationPath !== null);
  const { setDataset, setTraining } = useDashboardActions();
  return (
    <div className="db-form">
      <div className="db-field">
        <span className="db-field__label">Input</span>
        <div className="db-field__control">
          {isImageInput(input) ? (
            <span>
              <b className="mono">
                {input.height} × {input.width} × {input.channels}
              </b>{' '}
              <span className="muted">({CHANNEL_NAMES[input.channels]}, from the model's InputLayer)</span>
            </span>
          ) : (
            <span className="text-error">{input.problem}</span>
          )}
        </div>
      </div>
      <div className="db-field">
        <label htmlFor="pre-interp">Resize with</label>
        <div className="db-field__control">
          <select
            id="pre-interp"
            value={interpolation}
            onChange={(e) => setDataset({ interpolation: e.target.value as (typeof INTERPOLATIONS)[number] })}
          >
            {INTERPOLATIONS.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="db-field">
        <label htmlFor="pre-bg">Background</label>
        <div className="db-field__control">
          <input
            id="pre-bg"
            type="color"
            value={hex(background)}
            onChange={(e) => setDataset({ background: rgbOf(e.target.value) })}
          />
          <span className="muted small">fills transparent pixels</span>
        </div>
      </div>
      <div className="db-field">
        <label htmlFor="split">Validation split</label>
        <div className="db-field__control">
          <input
            id="split"
            type="range"
            min={0}
            max={0.5}
            step={0.05}
            value={split}
            disabled={hasValidationFolder}
            onChange={(e) => setTraining({ validationSplit: Number(e.target.value) })}
          />
          <span className="mono">{hasValidationFolder ? 'folder' : `${Math.round(split * 100)} %`}</span>
          <span className="muted small">seed {seed}, stratified by class</span>
        </div>
      </div>
    </div>
  );
});

/** The dataset: where the images come from, what the folder holds, how images are prepared and augmented. */
export const DatasetPanel = memo(function DatasetPanel() {
  const report = useDashboard((s) => s.report);
  const thumbnails = useDashboard((s) => s.thumbnails);
  const { loadDataset } = useDashboardActions();
  useEffect(() => {
    if (report.status === 'idle') void loadDataset();
  }, [report.status, loadDataset]);
  return (
    <div className="dataset">
      <div className="dataset__side">
        <section className="card">
          <header className="card__head">
            <h3>Images</h3>
          </header>
          <SourcePicker />
        </section>
        <section className="card">
          <header className="card__head">
            <h3>Preprocessing and split</h3>
          </header>
          <Preprocessing />
        </section>
        <section className="card">
          <header className="card__head">
            <h3>Augmentation</h3>
            <span className="muted small">training images only, new draw each epoch</span>
          </header>
          <AugmentationForm />
        </section>
      </div>
      <div className="dataset__main">
        <section className="card">
          <header className="card__head">
            <h3>Report</h3>
            {report.status === 'loading' ? <span className="muted small">reading the folder…</span> : null}
            <button
              type="button"
              className="card__action"
              onClick={() => void loadDataset()}
              disabled={report.status === 'loading'}
            >
              Reload
            </button>
          </header>
          {report.error ? (
            <div className="banner banner--error small" role="alert">
              <b>{report.error.message}</b>
              {report.error.hint ? <div>{report.error.hint}</div> : null}
            </div>
          ) : null}
          {report.value ? (
            <>
              <p className="mono muted small report__path">{report.value.path}</p>
              <DatasetFitBox />
              <DatasetReport report={report.value.report} />
            </>
          ) : null}
        </section>
        <section className="card">
          <header className="card__head">
            <h3>Samples</h3>
            <span className="muted small">as the model sees them · click one to pin it for the feature maps</span>
          </header>
          {thumbnails.status === 'loading' ? <p className="muted small">loading thumbnails…</p> : null}
          {thumbnails.error && !report.error ? (
            <p className="banner banner--error small">{thumbnails.error.message}</p>
          ) : null}
          {thumbnails.value ? (
            <ThumbnailStrip classNames={thumbnails.value.classNames} samples={thumbnails.value.samples} />
          ) : null}
        </section>
      </div>
    </div>
  );
});
