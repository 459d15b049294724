import { describe, expect, it } from 'vitest';
import { MAX_RUNS, RunListSchema } from '../../src-engine';
import { appendEpoch, appendProgress, newRunCurves, type RunCurves } from './curves';
import {
  clearSelection,
  deleteRun,
  emptyHistory,
  exportedRuns,
  historyCsv,
  loadRuns,
  renameRun,
  runName,
  savedRuns,
  selectedRuns,
  syncLiveRun,
  thinBatch,
  toggleAll,
  toggleSelected,
  type LiveRun,
  type RunHistory,
} from './run-history';

const live = (patch: Partial<LiveRun>): LiveRun => ({
  number: 1,
  runId: null,
  phase: 'requesting',
  optimizer: 'adam',
  learningRate: 0.001,
  schedule: null,
  batchSize: 32,
  plannedEpochs: 2,
  backend: null,
  stopReason: null,
  error: null,
  ...patch,
});

const epochLogs = (runId: string, epoch: number, logs: Record<string, number>) => ({
  runId,
  epoch,
  epochs: 2,
  logs,
});

function curvesWithEpochs(runId: string, values: Array<Record<string, number>>): RunCurves {
  return values.reduce((c, logs, i) => appendEpoch(c, epochLogs(runId, i, logs)), newRunCurves(runId, runId));
}

/** A run that starts, trains `epochs` and ends in `end`, as the store would report it. */
function playRun(h: RunHistory, number: number, runId: string | null, end: LiveRun['phase'], t0: number): RunHistory {
  let next = syncLiveRun(h, live({ number }), null, t0);
  if (runId === null) return syncLiveRun(next, live({ number, phase: end, error: 'bad input' }), null, t0 + 1);
  next = syncLiveRun(next, live({ number, runId, phase: 'running', backend: 'cpu' }), newRunCurves(runId, runId), t0);
  const curves = curvesWithEpochs(runId, [{ loss: 1.5, accuracy: 0.5, val_loss: 1.6, val_accuracy: 0.45 }]);
  next = syncLiveRun(next, live({ number, runId, phase: 'running', backend: 'cpu' }), curves, t0 + 1000);
  const stopReason = end === 'completed' ? 'completed' : end === 'failed' ? 'diverged' : 'cancelled';
  return syncLiveRun(next, live({ number, runId, phase: end, backend: 'cpu', stopReason }), curves, t0 + 2500);
}

describe('run numbering', () => {
  it('numbers runs in order and does not count failed ones', () => {
    let h = emptyHistory();
    h = playRun(h, 1, 'a', 'completed', 0);
    h = playRun(h, 2, 'b', 'failed', 10_000);
    h = playRun(h, 3, null, 'failed', 20_000);
    h = playRun(h, 4, 'd', 'stopped', 30_000);
    expect(h.runs.map(runName)).toEqual(['run 1', 'failed run', 'failed run', 'run 2']);
    expect(h.runs.map((r) => r.state)).toEqual(['completed', 'failed', 'failed', 'stopped']);
    expect(h.runs[2].error).toBe('bad input');
  });

  it('records the outcome: epochs, duration, backend, settings, stop reason', () => {
    const h = playRun(emptyHistory(), 1, 'a', 'completed', 5000);
    expect(h.runs).toHaveLength(1);
    expect(h.runs[0]).toMatchObject({
      id: 'a',
      number: 1,
      state: 'completed',
      durationSeconds: 2.5,
      backend: 'cpu',
      optimizer: 'adam',
      learningRate: 0.001,
      batchSize: 32,
      plannedEpochs: 2,
      stopReason: 'completed',
      epochs: [{ epoch: 1, loss: 1.5, accuracy: 0.5, valLoss: 1.6, valAccuracy: 0.45, lr: null }],
    });
  });

  it('counts only changes worth saving in the revision', () => {
    let h = syncLiveRun(emptyHistory(), live({ runId: 'a', phase: 'running' }), newRunCurves('a', 'a'), 0);
    expect(h.revision).toBe(0);
    const curves = curvesWithEpochs('a', [{ loss: 1 }]);
    h = syncLiveRun(h, live({ runId: 'a', phase: 'running' }), curves, 1);
    expect(h.revision).toBe(0);
    h = syncLiveRun(h, live({ runId: 'a', phase: 'completed' }), curves, 2);
    expect(h.revision).toBe(1);
    expect(syncLiveRun(h, live({ runId: 'a', phase: 'completed' }), curves, 3)).toBe(h);
  });

  it('keeps a finished run’s batch curve, thinned', () => {
    const events = Array.from({ length: 2000 }, (_, b) => ({
      runId: 'a',
      epoch: 0,
      epochs: 1,
      batch: b,
      batchesPerEpoch: 2000,
      loss: 1,
      metrics: { accuracy: 0.5 },
      samplesSeen: 0,
    }));
    const curves = appendProgress(newRunCurves('a', 'a'), events);
    const thinned = thinBatch(curves.batch, 500)!;
    expect(thinned.x).toHaveLength(500);
    expect(thinned.x[499]).toBe(1);
    const h = syncLiveRun(emptyHistory(), live({ runId: 'a', phase: 'completed' }), curves, 0);
    expect(h.runs[0].batch!.x.length).toBeLessThanOrEqual(500);
  });

  it('does not follow the window’s old run after a project’s runs were loaded', () => {
    const saved = playRun(emptyHistory(), 1, 'a', 'completed', 0).runs;
    const h = loadRuns(saved, 7);
    const curves = curvesWithEpochs('z', [{ loss: 1 }]);
    expect(syncLiveRun(h, live({ number: 7, runId: 'z', phase: 'completed' }), curves, 9)).toBe(h);
    const next = playRun(h, 8, 'b', 'completed', 100);
    expect(next.runs.map(runName)).toEqual(['run 1', 'run 2']);
  });

  it('drops the oldest runs beyond the limit', () => {
    let h = emptyHistory();
    for (let i = 1; i <= MAX_RUNS + 2; i++) h = playRun(h, i, `r${i}`, 'completed', i * 10_000);
    expect(h.runs).toHaveLength(MAX_RUNS);
    expect(h.runs[0].id).toBe('r3');
  });
});

describe('rename, delete and selection', () => {
  const two = () => playRun(playRun(emptyHistory(), 1, 'a', 'completed', 0), 2, 'b', 'completed', 10_000);

  it('renames a run; a blank name returns to "run N"', () => {
    let h = renameRun(two(), 'a', '  wide conv  ');
    expect(h.runs.map(runName)).toEqual(['wide conv', 'run 2']);
    expect(h.revision).toBe(3);
    h = renameRun(h, 'a', '   ');
    expect(runName(h.runs[0])).toBe('run 1');
  });

  it('ticks runs for the overlay, in table order', () => {
    let h = toggleSelected(two(), 'b');
    h = toggleSelected(h, 'a');
    expect(selectedRuns(h).map((r) => r.id)).toEqual(['a', 'b']);
    h = toggleSelected(h, 'b');
    expect(h.selected).toEqual(['a']);
    expect(toggleSelected(h, 'nope')).toBe(h);
    expect(toggleAll(h).selected).toEqual(['a', 'b']);
    expect(toggleAll(toggleAll(h)).selected).toEqual([]);
    expect(clearSelection(h).selected).toEqual([]);
  });

  it('adds a new run to the ticked runs, so a comparison goes on with it', () => {
    const ticked = toggleSelected(two(), 'a');
    const next = syncLiveRun(ticked, live({ number: 3, runId: 'c', phase: 'running' }), newRunCurves('c', 'c'), 0);
    expect(next.selected).toEqual(['a', 'c']);
    expect(syncLiveRun(two(), live({ number: 3, runId: 'c', phase: 'running' }), null, 0).selected).toEqual([]);
  });

  it('exports the ticked runs, or all of them', () => {
    const h = two();
    expect(exportedRuns(h).map((r) => r.id)).toEqual(['a', 'b']);
    expect(exportedRuns(toggleSelected(h, 'b')).map((r) => r.id)).toEqual(['b']);
  });

  it('deletes a run and its tick, but not the run still training', () => {
    let h = toggleSelected(two(), 'a');
    h = deleteRun(h, 'a');
    expect(h.runs.map((r) => r.id)).toEqual(['b']);
    expect(h.selected).toEqual([]);
    const running = syncLiveRun(h, live({ number: 3, runId: 'c', phase: 'running' }), newRunCurves('c', 'c'), 0);
    expect(deleteRun(running, 'c')).toBe(running);
    expect(savedRuns(running).map((r) => r.id)).toEqual(['b']);
  });
});

describe('historyCsv', () => {
  it('writes one row per epoch per run', () => {
    const h = renameRun(two(), 'b', 'big, "batch"');
    expect(historyCsv(h.runs)).toBe(
      'run,epoch,loss,accuracy,val_loss,val_accuracy\n' +
        'run 1,1,1.5,0.5,1.6,0.45\n' +
        '"big, ""batch""",1,1.5,0.5,1.6,0.45\n',
    );
  });

  it('adds an lr column when a run logged its learning rate, blank where missing', () => {
    const curves = curvesWithEpochs('a', [
      { loss: 2, lr: 0.01 },
      { loss: 1, lr: 0.005 },
    ]);
    const h = syncLiveRun(emptyHistory(), live({ runId: 'a', phase: 'completed' }), curves, 0);
    expect(historyCsv(h.runs)).toBe(
      'run,epoch,loss,accuracy,val_loss,val_accuracy,lr\nrun 1,1,2,,,,0.01\nrun 1,2,1,,,,0.005\n',
    );
  });

  function two() {
    return playRun(playRun(emptyHistory(), 1, 'a', 'completed', 0), 2, 'b', 'completed', 10_000);
  }
});

describe('saved runs', () => {
  it('validate against the project file schema', () => {
    const h = playRun(playRun(emptyHistory(), 1, 'a', 'completed', 0), 2, null, 'failed', 5);
    const parsed = RunListSchema.parse(JSON.parse(JSON.stringify(savedRuns(h))));
    expect(parsed).toEqual(savedRuns(h));
  });
});
