import { memo } from 'react';
import { BACKEND_CHOICES, KERAS_DEFAULT_LEARNING_RATE, OPTIMIZER_NAMES, type OptimizerName } from '../../../src-engine';
import { isActivePhase } from '../store/dashboard-state';
import { NumberField } from './number-field';
import { ScheduleFields } from './schedule-fields';
import { useDashboard, useDashboardActions } from './use-dashboard';

const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  adam: 'Adam',
  sgd: 'SGD',
  momentum: 'SGD with momentum 0.9',
  nesterov: 'SGD with Nesterov momentum',
  rmsprop: 'RMSprop',
};

const BACKEND_LABELS: Record<string, string> = {
  auto: 'Automatic (fastest available)',
  reference: 'reference (plain TypeScript)',
  webgpu: 'webgpu (GPU)',
  headlessgl: 'headlessgl (GPU via WebGL)',
  webasm: 'webasm (CPU, WebAssembly)',
  cpu: 'cpu (gpu.js on the CPU)',
};

const BackendSelect = memo(function BackendSelect({ disabled }: { disabled: boolean }) {
  const backend = useDashboard((s) => s.training.backend);
  const backends = useDashboard((s) => s.backends);
  const { setTraining, loadBackends } = useDashboardActions();
  const status = new Map((backends.value?.backends ?? []).map((b) => [b.name, b]));
  const chosen = status.get(backend);
  return (
    <div className="db-field">
      <label htmlFor="training-backend">Backend</label>
      <div className="db-field__control">
        <select
          id="training-backend"
          value={backend}
          disabled={disabled}
          data-testid="training-backend"
          onChange={(e) => setTraining({ backend: e.target.value as (typeof BACKEND_CHOICES)[number] })}
        >
          {BACKEND_CHOICES.map((name) => {
            const s = status.get(name);
            const unavailable = name !== 'auto' && s !== undefined && !s.available;
            return (
              <option key={name} value={name} disabled={unavailable} title={s?.reason ?? undefined}>
                {BACKEND_LABELS[name] ?? name}
                {unavailable ? ` — unavailable: ${s?.reason ?? 'not supported here'}` : ''}
              </option>
            );
          })}
        </select>
      </div>
      {backends.status === 'error' ? (
        <div className="db-field__problem">
          Could not list the backends: {backends.error?.message}{' '}
          <button type="button" className="link" onClick={() => void loadBackends()}>
            retry
          </button>
        </div>
      ) : null}
      {chosen && !chosen.available ? (
        <div className="db-field__problem">
          {chosen.name} is not available here: {chosen.reason}
        </div>
      ) : null}
      {backends.value ? (
        <ul className="backend-list small">
          {backends.value.backends.map((b) => (
            <li key={b.name} className={b.available ? '' : 'muted'} title={b.reason ?? undefined}>
              <span className={`dot dot--${b.available ? 'ok' : 'off'}`} />
              <span className="mono">{b.name}</span>
              <span>
                {b.available
                  ? b.selected
                    ? 'available · chosen by Automatic'
                    : b.reason
                      ? `available · ${b.reason}`
                      : 'available'
                  : (b.reason ?? 'unavailable')}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
});

/** Optimizer, learning rate and schedule, batch size, epochs, validation split, early stopping, seed and backend. */
export const TrainingForm = memo(function TrainingForm() {
  const t = useDashboard((s) => s.training);
  const locked = useDashboard((s) => isActivePhase(s.run.phase));
  const { setTraining } = useDashboardActions();
  const defaultLr = KERAS_DEFAULT_LEARNING_RATE[t.optimizer];
  return (
    <fieldset className="db-form" disabled={locked}>
      <div className="db-field">
        <label htmlFor="training-optimizer">Optimizer</label>
        <div className="db-field__control">
          <select
            id="training-optimizer"
            value={t.optimizer}
            data-testid="training-optimizer"
            onChange={(e) => setTraining({ optimizer: e.target.value as OptimizerName })}
          >
            {OPTIMIZER_NAMES.map((o) => (
              <option key={o} value={o}>
                {OPTIMIZER_LABELS[o]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <NumberField
        label="Learning rate"
        value={t.learningRate}
        optional
        min={0}
        exclusiveMin
        max={10}
        placeholder={String(defaultLr)}
        emptySuffix={`Keras default for ${OPTIMIZER_LABELS[t.optimizer]}`}
        onChange={(learningRate) => setTraining({ learningRate })}
        testId="training-lr"
      />
      <ScheduleFields />
      <NumberField
        label="Batch size"
        value={t.batchSize}
        integer
        min={1}
        max={1024}
        onChange={(v) => v !== null && setTraining({ batchSize: v })}
        testId="training-batch-size"
      />
      <NumberField
        label="Epochs"
        value={t.epochs}
        integer
        min={1}
        max={10000}
        onChange={(v) => v !== null && setTraining({ epochs: v })}
        testId="training-epochs"
      />
      <NumberField
        label="Validation split"
        value={t.validationSplit}
        min={0}
        max={0.9}
        suffix={`${Math.round(t.validationSplit * 100)} % held out`}
        onChange={(v) => v !== null && setTraining({ validationSplit: v })}
        testId="training-validation-split"
        title={
          'Fraction of the images kept aside to measure val_loss and val_accuracy ' +
          '(ignored when a validation folder is set)'
        }
      />
      <div className="db-field">
        <label htmlFor="training-early-stop">Early stopping</label>
        <div className="db-field__control">
          <input
            id="training-early-stop"
            type="checkbox"
            checked={t.earlyStoppingPatience !== null}
            onChange={(e) => setTraining({ earlyStoppingPatience: e.target.checked ? 3 : null })}
          />
          {t.earlyStoppingPatience !== null ? (
            <>
              <span className="muted">after</span>
              <input
                className="input--short"
                type="number"
                min={1}
                step={1}
                aria-label="Patience in epochs"
                value={t.earlyStoppingPatience}
                onChange={(e) =>
                  Number.isInteger(Number(e.target.value)) &&
                  Number(e.target.value) >= 1 &&
                  setTraining({ earlyStoppingPatience: Number(e.target.value) })
                }
              />
              <span className="muted">epochs without improvement (best weights kept)</span>
            </>
          ) : (
            <span className="muted">off</span>
          )}
        </div>
      </div>
      <NumberField
        label="Seed"
        value={t.seed}
        integer
        min={0}
        max={2 ** 31 - 1}
        onChange={(v) => v !== null && setTraining({ seed: v })}
        title="Same seed, same data, same settings: the same run"
      />
      <BackendSelect disabled={locked} />
    </fieldset>
  );
});
