import type { StoreKit } from '../../common/store-kit';
import type { EditorState } from './editor-state';
import type { History } from './history';
import type { EditorDoc, ProjectExtras } from './project-io';

/** What the editor's action modules share: state access and the one way to change the document. */
export type EditorKit = StoreKit<
  EditorState,
  {
    /** Records the current doc for undo under `label` and makes `next` current. No-op when nothing changed. */
    commit(next: EditorDoc, label: string, extra?: Partial<EditorState>): void;
    /** Makes `doc` current with the given history (undo, redo, drags) without recording. */
    replaceDoc(doc: EditorDoc, history: History, extra?: Partial<EditorState>): void;
    /** Starts a new document: history cleared, the given state counts as saved. */
    reset(doc: EditorDoc, extras: ProjectExtras, path: string | null, title: string): void;
    /** Makes `doc` current without an undo step; when the doc was the saved one, `doc` counts as saved. */
    replaceUnrecorded(doc: EditorDoc): void;
    setExtras(extras: ProjectExtras): void;
    markSaved(path: string | null, title: string): void;
    markUnsaved(): void;
  }
>;
