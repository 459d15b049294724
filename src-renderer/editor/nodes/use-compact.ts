import { useStore } from '@xyflow/react';

/** Below this zoom nodes switch to their compact form (larger type, fewer lines): 13px text would read under 11px. */
export const DETAIL_ZOOM = 0.85;

/** Whether nodes draw their compact form; a boolean, so nodes re-render when it flips, not on every zoom tick. */
export const useCompact = (): boolean => useStore((s) => s.transform[2] < DETAIL_ZOOM);
