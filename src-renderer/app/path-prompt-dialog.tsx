import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { PROJECT_FILE_EXTENSION as PROJECT_SUFFIX } from '../../src-engine';
import { errorSentence } from '../api';
import type { PathPrompt, PathRequest } from './path-prompt';
import {
  baseName,
  followTypedPath,
  joinPath,
  parentOf,
  wantsFolder,
  type Listing,
  type PromptFiles,
} from './path-prompt-files';

export { promptFiles, type PromptFiles } from './path-prompt-files';

const TITLES: Record<PathRequest['purpose'], string> = {
  'open-project': 'Open a project',
  'save-project': 'Save the project as',
  'open-image-folder': 'Choose an image folder',
  'choose-export-folder': 'Choose an export folder',
  'import-model': 'Import a TF.js or Keras model (.json)',
};

/** Browser mode's path dialog: type a path on the server (a folder opens, a file is chosen), or browse to it. */
export function PathPromptDialog({ prompt, files }: { prompt: PathPrompt; files: PromptFiles }) {
  const request = useSyncExternalStore(prompt.subscribe, prompt.current);
  if (!request) return null;
  return (
    <PathForm key={`${request.purpose}:${request.defaultPath ?? ''}`} request={request} prompt={prompt} files={files} />
  );
}

function PathForm({ request, prompt, files }: { request: PathRequest; prompt: PathPrompt; files: PromptFiles }) {
  const { purpose } = request;
  const [path, setPath] = useState(request.defaultPath ?? '');
  const [folder, setFolder] = useState<Listing | null>(null);
  const [recent, setRecent] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The existing file the user was asked about; a second Save on the same path replaces it. */
  const [replacing, setReplacing] = useState<string | null>(null);
  /** The name typed for a new folder; null while New folder is closed. */
  const [newFolder, setNewFolder] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const cancel = () => prompt.answer(null);

  // On the document, not the form: a clicked entry vanishes when its folder opens, and focus falls to the body.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') prompt.answer(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [prompt]);

  const show = (listing: Listing) => {
    setFolder(listing);
    setRecent(null);
    setError(null);
    // A save keeps its file name across folders; the other dialogs show where they are.
    const name = baseName(path).toLowerCase().endsWith(PROJECT_SUFFIX) ? baseName(path) : '';
    setPath(purpose === 'save-project' ? joinPath(listing.path, name) : listing.path);
    input.current?.focus();
  };
  const browse = (dir: string | undefined) =>
    files.list(dir, purpose).then(show, (e: unknown) => setError(errorSentence(e)));

  useEffect(() => {
    const start = request.defaultPath ? parentOf(request.defaultPath) : undefined;
    let live = true;
    files.list(start, purpose).then(
      (l) => live && setFolder(l),
      () =>
        live &&
        files.list(undefined, purpose).then(
          (l) => live && setFolder(l),
          () => undefined,
        ),
    );
    return () => {
      live = false;
    };
  }, [files, purpose, request]);

  const go = async (choose: boolean) => {
    const outcome = await followTypedPath(path, { purpose, current: folder, choose, replacing }, files);
    if (outcome.kind === 'navigate') show(outcome.listing);
    else if (outcome.kind === 'answer') prompt.answer(outcome.path);
    else if (outcome.kind === 'confirm-replace') {
      setReplacing(outcome.path);
      setError(`${baseName(outcome.path)} already exists. Press Replace to overwrite it, or change the name.`);
    } else setError(outcome.message);
  };
  const showRecent = () =>
    files.recent().then(
      (paths) => {
        setRecent(wantsFolder(purpose) ? [...new Set(paths.map(parentOf))] : paths);
        setError(null);
      },
      (e: unknown) => setError(errorSentence(e)),
    );
  const makeFolder = async () => {
    if (!folder || newFolder === null) return;
    try {
      const made = await files.mkdir(folder.path, newFolder.trim());
      setNewFolder(null);
      await browse(made);
    } catch (e) {
      setError(errorSentence(e));
    }
  };

  const entries = recent
    ? recent.map((p) => ({ name: p, path: p, kind: wantsFolder(purpose) ? 'directory' : 'file' }))
    : (folder?.entries ?? []);
  return (
    <div className="modal-backdrop" role="presentation">
      <form
        className="modal modal--wide"
        role="dialog"
        aria-modal="true"
        aria-label={TITLES[purpose]}
        data-testid="path-prompt"
        onSubmit={(e) => {
          e.preventDefault();
          void go(true);
        }}
      >
        <h2>{TITLES[purpose]}</h2>
        <input
          ref={input}
          className="mono path-input"
          data-testid="path-input"
          aria-label="Path"
          autoFocus
          spellCheck={false}
          value={path}
          onChange={(e) => setPath(e.target.value)}
          onKeyDown={(e) => {
            // Enter opens a typed folder; only the button chooses a folder in a folder dialog.
            if (e.key !== 'Enter') return;
            e.preventDefault();
            void go(false);
          }}
          placeholder="/absolute/path, or a name in the folder below"
        />
        {error ? (
          <div className="field__error" role="alert" data-testid="path-error">
            {error}
          </div>
        ) : null}
        <div className="path-browser__bar">
          <button type="button" data-testid="path-home" onClick={() => void browse(undefined)}>
            Home
          </button>
          <button type="button" data-testid="path-recent" onClick={() => void showRecent()}>
            Recent
          </button>
          {newFolder === null ? (
            <button type="button" data-testid="path-new-folder" disabled={!folder} onClick={() => setNewFolder('')}>
              New folder
            </button>
          ) : (
            <span className="path-browser__new">
              <input
                className="mono"
                data-testid="path-new-folder-name"
                aria-label="New folder name"
                autoFocus
                value={newFolder}
                onChange={(e) => setNewFolder(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter') return;
                  e.preventDefault();
                  void makeFolder();
                }}
                placeholder="folder name"
              />
              <button type="button" data-testid="path-new-folder-create" onClick={() => void makeFolder()}>
                Create
              </button>
            </span>
          )}
        </div>
        <div className="path-browser">
          <div className="path-browser__where mono" data-testid="path-where">
            {recent ? 'Recent' : (folder?.path ?? '')}
          </div>
          <ul className="path-browser__list">
            {!recent && folder?.parent ? (
              <li>
                <button type="button" className="link" onClick={() => void browse(folder.parent ?? undefined)}>
                  ..
                </button>
              </li>
            ) : null}
            {entries.map((e) => (
              <li key={e.path}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    if (e.kind === 'directory') void browse(e.path);
                    else setPath(e.path);
                  }}
                >
                  {e.kind === 'directory' && !recent ? `${e.name}/` : e.name}
                </button>
              </li>
            ))}
            {entries.length === 0 && (recent || folder) ? (
              <li className="path-browser__empty">{recent ? 'No recent projects yet.' : 'This folder is empty.'}</li>
            ) : null}
          </ul>
        </div>
        <div className="modal__buttons">
          <button type="submit" className="primary" data-testid="path-ok">
            {purpose !== 'save-project' ? 'Choose' : replacing === path.trim() ? 'Replace' : 'Save'}
          </button>
          <button type="button" data-testid="path-cancel" onClick={cancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
