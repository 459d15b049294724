/**
 * The window must never wait on the server forever. A Start whose answer is lost (a hung handler, a dropped
 * connection) left the run at "Starting…" with Start, Pause and Stop all disabled; events lost while the connection
 * was down left a finished run "running". After WATCHDOG_MS without an answer or an event, the watchdog asks the
 * server for its runs (training:list) and takes its word: the run goes on, ends, or is taken up so Stop works.
 */
import type { TrainingState } from '../payloads';
import { isActivePhase, type RunView } from './dashboard-state';
import { errorView, type DashboardKit } from './kit';

export const WATCHDOG_MS = 20_000;
/** The server's clock and the window's may differ a little (same machine, or a LAN). */
const CLOCK_SLACK_MS = 5_000;

interface ListedRun {
  runId: string;
  state: TrainingState;
  startedAt: string;
}

export function watchRuns(
  { get, set, services }: Pick<DashboardKit, 'get' | 'set' | 'services'>,
  subscribe: (listener: (run: RunView, previous: RunView) => void) => () => void,
  delayMs = WATCHDOG_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let requestedAt = 0;
  const seconds = Math.round(delayMs / 1000);

  const arm = () => {
    clearTimeout(timer);
    timer = isActivePhase(get().run.phase) ? setTimeout(() => void check(), delayMs) : undefined;
  };
  const fail = (run: RunView, message: string, hint: string) =>
    set({ run: { ...run, phase: 'failed', error: { message, hint } } });

  const adopt = (run: RunView, runs: readonly ListedRun[]) => {
    const mine = runs
      .filter((r) => isActivePhase(r.state) && Date.parse(r.startedAt) >= requestedAt - CLOCK_SLACK_MS)
      .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
    if (!mine) {
      fail(run, `The server did not answer Start within ${seconds} s and runs no training.`, 'Start again.');
      return;
    }
    set({
      run: {
        ...run,
        runId: mine.runId,
        phase: mine.state,
        message: 'The answer to Start was lost; this is the run the server started. Its curves start from here.',
      },
    });
  };

  const follow = (run: RunView, runs: readonly ListedRun[]) => {
    const found = runs.find((r) => r.runId === run.runId);
    if (!found) {
      fail(run, `The server has no run ${run.runId} any more (was it restarted?).`, 'Start again.');
    } else if (!isActivePhase(found.state)) {
      const ended = found.state === 'completed' ? 'finished' : `ended (${found.state})`;
      const message =
        `The run ${ended}, but its last messages did not reach this window (the connection dropped?), so its ` +
        `weights are not in the project.`;
      set({ run: { ...run, phase: found.state, error: { message, hint: 'Train again to get them.' } } });
    } else if (found.state !== run.phase) {
      set({ run: { ...run, phase: found.state } });
    } else {
      arm();
    }
  };

  const check = async () => {
    const run = get().run;
    let runs: ListedRun[];
    try {
      runs = (await services.listRuns()).runs;
    } catch (error) {
      if (get().run !== run) return;
      if (run.runId === null)
        fail(
          run,
          `The server did not answer Start within ${seconds} s, and could not be asked about its runs: ` +
            `${errorView(error).message}`,
          'Check that Filterbank (or `npm run serve`) is still running, then Start again.',
        );
      else arm();
      return;
    }
    // An answer or an event came meanwhile: the run is being heard from again.
    if (get().run !== run) return;
    if (run.runId === null) adopt(run, runs);
    else follow(run, runs);
  };

  /**
   * Start failed without a run id: the server may still run one (the answer was lost on a reconnect, or a run from
   * before a reload made it answer "busy"). It runs one at a time, so an active run is the one to show and stop.
   */
  const findActive = async (failed: RunView) => {
    let runs: ListedRun[];
    try {
      runs = (await services.listRuns()).runs;
    } catch {
      return;
    }
    const active = runs.filter((r) => isActivePhase(r.state)).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    if (!active || get().run !== failed) return;
    const message = `Run ${active.runId} is already running on the server: it is shown here, so you can stop it.`;
    set({ run: { ...failed, runId: active.runId, phase: active.state, error: null, message } });
  };

  const unsubscribe = subscribe((run, previous) => {
    if (run.phase === 'requesting' && previous.phase !== 'requesting') requestedAt = Date.now();
    if (previous.phase === 'requesting' && run.phase === 'failed' && run.runId === null) void findActive(run);
    if (run !== previous) arm();
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
