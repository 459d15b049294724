import type { StoreApi } from 'zustand/vanilla';

/**
 * What a store's action modules share: read the state, patch it, and what that store adds (`Extra`: the editor's
 * undoable commit, the dashboard's services). One definition for both sub-apps; action modules import it (or
 * their store's alias) rather than the store that creates them, so no store and its actions import each other.
 */
export type StoreKit<State, Extra = object> = {
  get: StoreApi<State>['getState'];
  set: StoreApi<State>['setState'];
} & Extra;
