// The learning-rate schedule in the Training form: the kind, its Keras parameters, and a preview of the rate each
// epoch will start with. Schedules step once per epoch, as Keras' LearningRateScheduler callback does.
import { memo } from 'react';
import '../styles/schedule.css';
import {
  defaultSchedule,
  describeSchedule,
  LR_SCHEDULE_KINDS,
  plannedRates,
  type LearningRateSchedule,
  type LearningRateScheduleKind,
} from '../../../src-engine';
import { formatLearningRate, learningRateOf } from '../store/model-view';
import { rateRangeText } from './format';
import { NumberField } from './number-field';
import { useDashboard, useDashboardActions } from './use-dashboard';

const KIND_LABELS: Record<LearningRateScheduleKind, string> = {
  constant: 'Constant',
  step: 'Step decay',
  exponential: 'Exponential decay',
  cosine: 'Cosine decay',
  plateau: 'Reduce on plateau',
};

const W = 220;
const H = 44;

/** The planned rate per epoch as a line on a log axis, with the first and last values. */
const SchedulePreview = memo(function SchedulePreview({ rates }: { rates: number[] }) {
  if (rates.length === 0) return null;
  const logs = rates.map((r) => Math.log10(r));
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  const span = hi - lo || 1;
  const x = (i: number) => (rates.length === 1 ? W / 2 : (i / (rates.length - 1)) * (W - 4) + 2);
  const y = (v: number) => (hi === lo ? H / 2 : H - 3 - ((v - lo) / span) * (H - 6));
  const points = logs.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <div className="schedule-preview" data-testid="schedule-preview">
      {/* One epoch has no curve to draw: just its rate. */}
      {rates.length > 1 ? (
        <svg
          viewBox={`0 0 ${W} ${H}`}
          preserveAspectRatio="none"
          role="img"
          aria-label="Planned learning rate per epoch"
        >
          <polyline
            points={points}
            fill="none"
            stroke="currentColor"
            strokeWidth={1.5}
            vectorEffect="non-scaling-stroke"
          />
        </svg>
      ) : null}
      <div className="small mono">{rateRangeText(rates, formatLearningRate)}</div>
    </div>
  );
});

/** The parameters of one schedule kind, each a validated number field. */
function Parameters({ s, set }: { s: LearningRateSchedule; set: (next: LearningRateSchedule) => void }) {
  switch (s.kind) {
    case 'step':
      return (
        <>
          <NumberField
            label="Every (epochs)"
            value={s.everyEpochs}
            integer
            min={1}
            max={10000}
            onChange={(v) => v !== null && set({ ...s, everyEpochs: v })}
            testId="schedule-every"
          />
          <NumberField
            label="Multiply by (γ)"
            value={s.gamma}
            min={0}
            exclusiveMin
            max={1}
            onChange={(v) => v !== null && set({ ...s, gamma: v })}
            testId="schedule-gamma"
          />
        </>
      );
    case 'exponential':
      return (
        <>
          <NumberField
            label="Decay rate"
            value={s.decayRate}
            min={0}
            exclusiveMin
            max={1}
            onChange={(v) => v !== null && set({ ...s, decayRate: v })}
          />
          <NumberField
            label="Per (epochs)"
            value={s.decayEpochs}
            integer
            min={1}
            max={10000}
            onChange={(v) => v !== null && set({ ...s, decayEpochs: v })}
          />
        </>
      );
    case 'cosine':
      return (
        <>
          <NumberField
            label="Decay epochs"
            value={s.decayEpochs}
            integer
            min={1}
            max={10000}
            optional
            placeholder="the whole run"
            onChange={(v) => set({ ...s, decayEpochs: v })}
          />
          <NumberField
            label="Final fraction (α)"
            value={s.alpha}
            min={0}
            max={1}
            onChange={(v) => v !== null && set({ ...s, alpha: v })}
          />
        </>
      );
    case 'plateau':
      return (
        <>
          <NumberField
            label="Factor"
            value={s.factor}
            min={0}
            exclusiveMin
            max={0.999}
            onChange={(v) => v !== null && set({ ...s, factor: v })}
          />
          <NumberField
            label="Patience (epochs)"
            value={s.patience}
            integer
            min={0}
            max={10000}
            onChange={(v) => v !== null && set({ ...s, patience: v })}
          />
          <NumberField
            label="Min delta"
            value={s.minDelta}
            min={0}
            onChange={(v) => v !== null && set({ ...s, minDelta: v })}
          />
          <NumberField
            label="Cooldown (epochs)"
            value={s.cooldown}
            integer
            min={0}
            max={10000}
            onChange={(v) => v !== null && set({ ...s, cooldown: v })}
          />
          <NumberField
            label="Min learning rate"
            value={s.minLr}
            min={0}
            onChange={(v) => v !== null && set({ ...s, minLr: v })}
          />
        </>
      );
    default:
      return null;
  }
}

export const ScheduleFields = memo(function ScheduleFields() {
  const t = useDashboard((s) => s.training);
  const { setTraining } = useDashboardActions();
  const schedule = t.learningRateSchedule ?? defaultSchedule('constant');
  const set = (learningRateSchedule: LearningRateSchedule) => setTraining({ learningRateSchedule });
  const initial = learningRateOf(t);
  return (
    <>
      <div className="db-field">
        <label htmlFor="training-schedule">Schedule</label>
        <div className="db-field__control">
          <select
            id="training-schedule"
            value={schedule.kind}
            data-testid="training-schedule"
            onChange={(e) => set(defaultSchedule(e.target.value as LearningRateScheduleKind))}
          >
            {LR_SCHEDULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="db-field__note">{describeSchedule(schedule)} Applied at the start of each epoch.</div>
      </div>
      <Parameters s={schedule} set={set} />
      {schedule.kind !== 'constant' && schedule.kind !== 'plateau' ? (
        <SchedulePreview rates={plannedRates(schedule, initial, Math.min(t.epochs, 1000))} />
      ) : null}
    </>
  );
});
