import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { DashboardState } from '../store/dashboard-state';
import type { DashboardStore } from '../store/dashboard-store';

export const DashboardStoreContext = createContext<DashboardStore | null>(null);

export function useDashboardStore(): DashboardStore {
  const store = useContext(DashboardStoreContext);
  if (!store) throw new Error('Dashboard panels must be inside <DashboardProvider store={…}>');
  return store;
}

/** One narrow slice of the dashboard state; the component re-renders only when that slice changes. */
export function useDashboard<T>(selector: (s: DashboardState) => T): T {
  return useStore(useDashboardStore(), selector);
}

export const useDashboardActions = () => useDashboard((s) => s.actions);

const NO_STORE = { getState: () => null, subscribe: () => () => undefined } as unknown as DashboardStore;

/** Like useDashboard, but null outside a provider (for components the editor may render without one). */
export function useOptionalDashboard<T>(selector: (s: DashboardState) => T): T | null {
  const store = useContext(DashboardStoreContext);
  return useStore(store ?? NO_STORE, (s: DashboardState | null) => (s ? selector(s) : null));
}
