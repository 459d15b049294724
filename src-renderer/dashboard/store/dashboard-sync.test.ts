// State that must follow the server and the project: a replaced project's dataset report, a run whose start
// answer or last events never arrive, and evaluation of an edited model.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newProject } from '../../../src-engine/model/project-file';
import { kerasTutorialCnn } from '../../../src-engine/model/templates';
import { createDashboardStore } from './dashboard-store';
import { createFakeServices, type FakeServices } from './fake-services';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(answers: Partial<FakeServices['answers']> = {}) {
  const services = createFakeServices({
    report: (d) => ({ path: d.path!, report: { classes: d.path === '/data/four' ? [1, 2, 3, 4] : [] } }) as never,
    ...answers,
  });
  const store = createDashboardStore(services, { schedule: (flush) => flush() });
  const project = newProject(kerasTutorialCnn());
  store.getState().actions.setModel(project.graph);
  return { services, store, project, actions: store.getState().actions };
}

afterEach(() => vi.useRealTimers());

describe('dashboard store: a replaced project', () => {
  it("reloads the dataset report of the new project's dataset (New → template: the sample digits)", async () => {
    const { store, services, actions } = setup();
    actions.setDatasetSource('/data/four');
    await tick();
    expect(store.getState().report.value?.report.classes).toHaveLength(4);
    actions.projectReplaced();
    actions.loadSettings(null, null);
    await tick();
    await tick();
    expect(store.getState().dataset.path).toBeNull();
    expect(store.getState().report.value?.path).toBe('/data/sample');
    expect(services.calls.filter((c) => c.method === 'datasetPreview').at(-1)?.args).toMatchObject({
      dataset: { path: '/data/sample' },
    });
  });
});

describe('dashboard store: evaluating an edited model', () => {
  it("does not evaluate the last run's weights for a model that has changed since", async () => {
    const { store, services, actions, project } = setup({ evaluate: () => ({}) as never });
    store.setState({ trained: { project: { ...project, weights: {}, classNames: ['a'] }, runId: 'run-1' } });
    const edited = { ...project, graph: { ...project.graph, name: 'edited' } };
    await actions.evaluate(edited);
    expect(services.calls.filter((c) => c.method === 'evaluate')).toHaveLength(0);
    expect(store.getState().evaluation.error?.message).toBe('The model has no trained weights yet.');
    await actions.evaluate(project);
    expect(services.calls.filter((c) => c.method === 'evaluate')).toHaveLength(1);
  });
});

describe('dashboard store: a run the window stops hearing about', () => {
  it('gives up on a Start whose answer never comes, once the server says it runs nothing', async () => {
    vi.useFakeTimers();
    const { store, services, actions, project } = setup({ runId: () => new Promise<string>(() => undefined) });
    services.answers.runs = [];
    void actions.start(project);
    expect(store.getState().run.phase).toBe('requesting');
    await vi.advanceTimersByTimeAsync(19_000);
    expect(services.calls.some((c) => c.method === 'listRuns')).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(services.calls.some((c) => c.method === 'listRuns')).toBe(true);
    expect(store.getState().run.phase).toBe('failed');
    expect(store.getState().run.error?.message).toMatch(/did not answer Start within 20 s/);
  });

  it('takes up the run the server started when its answer was lost, so Stop works', async () => {
    vi.useFakeTimers();
    let loseAnswer: (e: Error) => void = () => undefined;
    const { store, services, actions, project } = setup({
      runId: () => new Promise<string>((_, reject) => (loseAnswer = reject)),
    });
    services.answers.runs = [
      { runId: 'run-9', state: 'running', startedAt: new Date(Date.now() + 1000).toISOString() },
    ];
    void actions.start(project);
    await vi.advanceTimersByTimeAsync(21_000);
    expect(store.getState().run).toMatchObject({ runId: 'run-9', phase: 'running' });
    // The transport gives up on the lost answer later: the run taken up stays.
    loseAnswer(new Error('The connection to the Filterbank server was lost while training:start was running'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().run).toMatchObject({ runId: 'run-9', phase: 'running', error: null });
    await actions.stop();
    expect(services.calls.at(-1)).toEqual({ method: 'stop', args: 'run-9' });
  });

  it('ends a run whose last state event was lost (connection dropped) with the state the server reports', async () => {
    vi.useFakeTimers();
    const { store, services, actions, project } = setup();
    await actions.start(project);
    services.emit.state({ runId: 'run-1', state: 'running', error: null, at: new Date().toISOString() });
    services.answers.runs = [{ runId: 'run-1', state: 'running', startedAt: new Date().toISOString() }];
    await vi.advanceTimersByTimeAsync(21_000);
    expect(store.getState().run.phase).toBe('running');
    expect(store.getState().run.error).toBeNull();
    services.answers.runs = [{ runId: 'run-1', state: 'completed', startedAt: new Date().toISOString() }];
    await vi.advanceTimersByTimeAsync(21_000);
    expect(store.getState().run.phase).toBe('completed');
    expect(store.getState().run.error?.message).toMatch(/its last messages did not reach this window/);
  });
});

describe('dashboard store: errors that end', () => {
  it("a failed Pause's error goes once a later control succeeds, and any error view can be dismissed", async () => {
    const { store, services, actions, project } = setup({ evaluate: () => Promise.reject(new Error('no dataset')) });
    await actions.start(project);
    services.emit.state({ runId: 'run-1', state: 'running', error: null, at: new Date().toISOString() });
    const controlRun = services.controlRun;
    services.controlRun = () => Promise.reject(new Error('The run did not answer Pause'));
    await actions.pause();
    expect(store.getState().run.error?.message).toBe('The run did not answer Pause');
    services.controlRun = controlRun;
    await actions.pause();
    expect(store.getState().run).toMatchObject({ phase: 'paused', error: null });

    store.setState({ run: { ...store.getState().run, error: { message: 'old', hint: null } } });
    actions.dismissError('run');
    expect(store.getState().run.error).toBeNull();
    await actions.evaluate({ ...project, weights: {}, classNames: ['a'] });
    expect(store.getState().evaluation.error?.message).toBe('no dataset');
    actions.dismissError('evaluation');
    expect(store.getState().evaluation).toMatchObject({ status: 'idle', error: null });
  });
});

describe('dashboard store: the trained weights', () => {
  it('follows the project: which layers are untrained; Reset weights asks the host and forgets the old results', () => {
    const { store, actions, project } = setup();
    actions.setWeightsStatus(true, ['dense', 'dense_1']);
    expect(store.getState().weights).toMatchObject({ trained: true, untrained: ['dense', 'dense_1'] });
    store.setState({ trained: { project: { ...project, weights: {} }, runId: 'run-1' } });
    const revision = store.getState().weights.resetRevision;
    actions.resetWeights();
    expect(store.getState().weights.resetRevision).toBe(revision + 1);
    expect(store.getState().trained).toBeNull();
    actions.setWeightsStatus(false, []);
    expect(store.getState().weights).toMatchObject({ trained: false, untrained: [] });
  });
});

describe('dashboard store: a run the window does not know', () => {
  it('Start refused as busy (a run from before a reload) shows that run, so Stop works', async () => {
    const { store, services, actions, project } = setup({
      runId: () =>
        Promise.reject(Object.assign(new Error('Training run run-7 is still running.'), { hint: 'Stop it' })),
    });
    services.answers.runs = [
      { runId: 'run-3', state: 'completed', startedAt: '2026-01-01T00:00:00.000Z' },
      { runId: 'run-7', state: 'running', startedAt: '2026-01-01T00:01:00.000Z' },
    ];
    await actions.start(project);
    await tick();
    expect(store.getState().run).toMatchObject({ runId: 'run-7', phase: 'running', error: null });
    expect(store.getState().run.message).toMatch(/already running/);
    await actions.stop();
    expect(services.calls.at(-1)).toEqual({ method: 'stop', args: 'run-7' });
  });

  it('a Start that failed with no run on the server stays failed with its reason', async () => {
    const { store, services, actions, project } = setup({
      runId: () => Promise.reject(new Error('The dataset folder /x does not exist.')),
    });
    await actions.start(project);
    await tick();
    expect(services.calls.some((c) => c.method === 'listRuns')).toBe(true);
    expect(store.getState().run).toMatchObject({
      phase: 'failed',
      error: { message: 'The dataset folder /x does not exist.' },
    });
  });
});
