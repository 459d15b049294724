// The weights after every epoch of recent runs, so a run that went wrong (a learning rate of 8 turning a 96 % model
// into a 10 % one) costs one click to undo. They live here, in the main process, rather than in the renderer: the
// worker already hands its messages to the supervisor, the renderer stays light (browser mode sends everything over a
// socket), and one place can hold the memory cap. Weights are kept encoded, as a project file stores them.
import { IpcError } from '../../src-shared';
import type { EpochRecord, ProjectFile } from '../../src-engine';

export type StoredWeights = NonNullable<ProjectFile['weights']>;
/** Which epoch to restore: a number (0-based, the weights at its end), or the best by a validation metric. */
export type CheckpointSelector = { epoch: number } | { best: 'val_loss' | 'val_accuracy' };

export const DEFAULT_CHECKPOINT_CAP_BYTES = 256 * 1024 * 1024;

interface RunCheckpoints {
  records: EpochRecord[];
  weights: Map<number, { weights: StoredWeights; bytes: number }>;
  /** The project the run ended with (trained, or as it started when it diverged): everything but the weights. */
  project: ProjectFile | null;
  classNames: string[] | null;
}

export function weightBytes(weights: StoredWeights): number {
  let bytes = 0;
  for (const byName of Object.values(weights))
    for (const t of Object.values(byName)) bytes += t.data.length + t.shape.length * 8;
  return bytes;
}

/** The record with the lowest val_loss or highest val_accuracy (training loss / accuracy without validation). */
export function bestRecord(records: readonly EpochRecord[], monitor: 'val_loss' | 'val_accuracy'): EpochRecord | null {
  let best: { record: EpochRecord; score: number } | null = null;
  for (const record of records) {
    const value = monitor === 'val_loss' ? (record.valLoss ?? record.loss) : (record.valAccuracy ?? record.accuracy);
    if (value === null || !Number.isFinite(value)) continue;
    const score = monitor === 'val_loss' ? -value : value;
    if (!best || score > best.score) best = { record, score };
  }
  return best?.record ?? null;
}

/** Per-run epoch weights under one memory cap; past it, only the latest and best of each run survive. */
export class CheckpointStore {
  private readonly runs = new Map<string, RunCheckpoints>();

  constructor(private readonly capBytes = DEFAULT_CHECKPOINT_CAP_BYTES) {}

  private run(runId: string): RunCheckpoints {
    let run = this.runs.get(runId);
    if (!run) {
      run = { records: [], weights: new Map(), project: null, classNames: null };
      this.runs.set(runId, run);
    }
    return run;
  }

  add(runId: string, record: EpochRecord, weights: StoredWeights): void {
    const run = this.run(runId);
    run.records = [...run.records.filter((r) => r.epoch !== record.epoch), record];
    run.weights.set(record.epoch, { weights, bytes: weightBytes(weights) });
    this.enforceCap();
  }

  setClassNames(runId: string, classNames: string[]): void {
    this.run(runId).classNames = classNames;
  }

  setResult(runId: string, project: ProjectFile): void {
    this.run(runId).project = project;
  }

  forget(runId: string): void {
    this.runs.delete(runId);
  }

  /** Epochs whose weights are kept, per run. */
  epochs(runId: string): number[] {
    return [...(this.runs.get(runId)?.weights.keys() ?? [])].sort((a, b) => a - b);
  }

  totalBytes(): number {
    let total = 0;
    for (const run of this.runs.values()) for (const w of run.weights.values()) total += w.bytes;
    return total;
  }

  /** The run's project with the chosen epoch's weights and the history up to that epoch. */
  restore(runId: string, selector: CheckpointSelector): { project: ProjectFile; epoch: number } {
    const run = this.runs.get(runId);
    if (!run || run.weights.size === 0)
      throw new IpcError(
        'not-found',
        `No epoch weights are kept for run ${runId}.`,
        'Only runs of this session that finished at least one epoch can be restored; train again.',
      );
    const record =
      'epoch' in selector
        ? run.records.find((r) => r.epoch === selector.epoch)
        : bestRecord(run.records, selector.best);
    const kept = record && run.weights.get(record.epoch);
    if (!record || !kept) {
      const list = this.epochs(runId).map((e) => e + 1);
      throw new IpcError(
        'not-found',
        'epoch' in selector
          ? `The weights of epoch ${selector.epoch + 1} of run ${runId} are not kept.`
          : `Run ${runId} has no epoch with a finite ${selector.best} to restore.`,
        `Restore one of the kept epochs: ${list.join(', ')} (past ${Math.round(this.capBytes / 2 ** 20)} MiB ` +
          'only the best and latest of each run stay).',
      );
    }
    if (!run.project)
      throw new IpcError(
        'invalid-state',
        `Run ${runId} has not finished, so its epochs cannot be restored yet.`,
        'Stop the run or wait for it to finish, then restore.',
      );
    const firstEpoch = Math.min(...run.records.map((r) => r.epoch));
    const history = [
      ...run.project.history.filter((h) => h.epoch < firstEpoch),
      ...run.records.filter((r) => r.epoch <= record.epoch).sort((a, b) => a.epoch - b.epoch),
    ];
    const project: ProjectFile = {
      ...run.project,
      weights: kept.weights,
      history,
      classNames: run.classNames ?? run.project.classNames,
    };
    return { project, epoch: record.epoch };
  }

  /** Drops unprotected epochs of the oldest runs first, then whole old runs; the newest run's latest always stays. */
  private enforceCap(): void {
    if (this.totalBytes() <= this.capBytes) return;
    const runs = [...this.runs.values()];
    for (const run of runs) {
      const latest = Math.max(...run.weights.keys());
      const keep = new Set([
        latest,
        bestRecord(run.records, 'val_loss')?.epoch,
        bestRecord(run.records, 'val_accuracy')?.epoch,
      ]);
      for (const epoch of [...run.weights.keys()].sort((a, b) => a - b)) {
        if (keep.has(epoch)) continue;
        run.weights.delete(epoch);
        if (this.totalBytes() <= this.capBytes) return;
      }
    }
    for (const [runId, run] of this.runs) {
      if (run === runs[runs.length - 1]) break;
      this.runs.delete(runId);
      if (this.totalBytes() <= this.capBytes) return;
    }
    // Only the newest run is left: its best ones go before its latest.
    const newest = runs[runs.length - 1];
    const latest = Math.max(...newest.weights.keys());
    for (const epoch of [...newest.weights.keys()]) {
      if (epoch === latest) continue;
      newest.weights.delete(epoch);
      if (this.totalBytes() <= this.capBytes) return;
    }
  }
}
