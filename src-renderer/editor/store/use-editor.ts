import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { EditorState } from './editor-state';
import type { EditorStore } from './editor-store';

export const EditorStoreContext = createContext<EditorStore | null>(null);

export function useEditorStore(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditor must be used inside <EditorStoreContext.Provider>');
  return store;
}

/** Reads one narrow slice of the editor state; components re-render only when that slice changes. */
export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(useEditorStore(), selector);
}

export const useActions = () => useEditor((s) => s.actions);
