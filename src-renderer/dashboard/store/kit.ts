import type { StoreKit } from '../../common/store-kit';
import type { DashboardServices } from '../services';
import type { DashboardState, ErrorView } from './dashboard-state';

export interface DashboardStoreOptions {
  /** Runs `flush` soon; progress events in between are applied together. Default: the next animation frame. */
  schedule?: (flush: () => void) => void;
  /** The clock for run start times and durations (milliseconds). Default: Date.now. */
  now?: () => number;
}

/** What the dashboard's action modules share. */
export type DashboardKit = StoreKit<
  DashboardState,
  { services: DashboardServices; schedule: (flush: () => void) => void }
>;

/** An error as the panels show it: what went wrong, and how to fix it when the services said. */
export function errorView(error: unknown): ErrorView {
  if (error instanceof Error) {
    const hint = (error as { hint?: unknown }).hint;
    return { message: error.message, hint: typeof hint === 'string' ? hint : null };
  }
  return { message: String(error), hint: null };
}

/** Hands out request numbers so a slow answer to an older request never overwrites a newer one. */
export function requestCounter() {
  let latest = 0;
  return {
    next: () => ++latest,
    isLatest: (n: number) => n === latest,
  };
}

export const basename = (path: string): string => path.split(/[\\/]/).pop() ?? path;
