import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LearningRateScheduleSchema } from '../model/lr-schedule';
import { defaultTrainingSettings } from '../model/settings';
import { plannedRates } from '../train/lr-schedules';
import { projectWithWeights, sequentialCnn } from './export-fixtures.test-support';
import { exportKerasScript } from './keras-export';
import { fileBytes } from './types';

const work = mkdtempSync(join(tmpdir(), 'fb-keras-schedule-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Runs the script's schedule_callbacks (numpy, no TensorFlow) with a stand-in for keras.callbacks, and prints the
 * rate each epoch gets from LearningRateScheduler, or ReduceLROnPlateau's arguments.
 */
const RUN_SCHEDULE = `
import ast, json, sys
import numpy as np
source = open(sys.argv[1], encoding="utf-8").read()
tree = ast.parse(source)
keep = [n for n in tree.body if (isinstance(n, ast.FunctionDef) and n.name == "schedule_callbacks") or
        (isinstance(n, ast.Assign) and n.targets[0].id == "LR_SCHEDULE")]
class Callbacks:
    def LearningRateScheduler(self, f): return {"rates": [f(e, None) for e in range(int(sys.argv[3]))]}
    def ReduceLROnPlateau(self, **kw): return {"plateau": kw}
class Keras: callbacks = Callbacks()
scope = {"np": np, "keras": Keras()}
exec(compile(ast.Module(body=keep, type_ignores=[]), "schedule", "exec"), scope)
print(json.dumps(scope["schedule_callbacks"](float(sys.argv[2]), int(sys.argv[3]), "val_loss")))
`;

function scheduleOf(schedule: object, initial: number, epochs: number) {
  const project = projectWithWeights(sequentialCnn(), 3);
  project.training = {
    ...defaultTrainingSettings(),
    learningRateSchedule: LearningRateScheduleSchema.parse(schedule),
  };
  const script = exportKerasScript(project).files[0];
  const path = join(work, script.path);
  writeFileSync(path, fileBytes(script));
  const r = spawnSync('python3', ['-c', RUN_SCHEDULE, path, String(initial), String(epochs)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as [{ rates?: number[]; plateau?: Record<string, unknown> }] | [];
}

describe('the Keras script carries the learning-rate schedule', () => {
  it.each([
    { kind: 'step', everyEpochs: 2, gamma: 0.5 },
    { kind: 'exponential', decayEpochs: 3, decayRate: 0.7 },
    { kind: 'cosine', decayEpochs: null, alpha: 0.1 },
    { kind: 'cosine', decayEpochs: 3, alpha: 0 },
  ])('$kind: LearningRateScheduler gives the rates Filterbank trains with', (schedule) => {
    const [callback] = scheduleOf(schedule, 0.01, 6);
    const expected = plannedRates(LearningRateScheduleSchema.parse(schedule), 0.01, 6);
    expect(callback?.rates).toHaveLength(6);
    callback!.rates!.forEach((r, i) => expect(r).toBeCloseTo(expected[i], 12));
  });

  it('plateau becomes ReduceLROnPlateau with the same arguments; constant adds no callback', () => {
    const [callback] = scheduleOf({ kind: 'plateau', factor: 0.5, patience: 3, cooldown: 1, minLr: 1e-5 }, 0.01, 4);
    expect(callback?.plateau).toEqual({
      monitor: 'val_loss',
      factor: 0.5,
      patience: 3,
      min_delta: 1e-4,
      cooldown: 1,
      min_lr: 1e-5,
    });
    expect(scheduleOf({ kind: 'constant' }, 0.01, 4)).toEqual([]);
  });
});
