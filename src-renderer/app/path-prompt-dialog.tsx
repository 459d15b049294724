import { useEffect, useState, useSyncExternalStore } from 'react';
import { FilterbankError, type FilterbankApi, type InvokeResult } from '../api';
import type { PathPrompt, PathRequest } from './path-prompt';

type Listing = InvokeResult<'files:list'>;
export type ListFolder = (path: string | undefined, purpose: PathRequest['purpose']) => Promise<Listing>;

/** Lists a server folder through the API: folders only when a folder is wanted, else folders and .json files. */
export function folderLister(api: FilterbankApi): ListFolder {
  return (path, purpose) =>
    api.invoke('files:list', {
      ...(path ? { path } : {}),
      ...(wantsFolder(purpose) ? { include: 'directories' } : { include: 'all', extensions: ['.json'] }),
    });
}

const TITLES: Record<PathRequest['purpose'], string> = {
  'open-project': 'Open a project',
  'save-project': 'Save the project as',
  'open-image-folder': 'Choose an image folder',
  'choose-export-folder': 'Choose an export folder',
  'import-model': 'Import a TF.js or Keras model (.json)',
};

const PROJECT_SUFFIX = '.filterbank.json';

/** A service error with its hint: a refused path says which folder is allowed and how to change it. */
const describe = (e: unknown) =>
  e instanceof FilterbankError && e.hint ? `${e.message} ${e.hint}` : e instanceof Error ? e.message : String(e);

/** Whether `path` names an existing file, by listing its folder (a folder that cannot be listed counts as no). */
async function fileExists(list: ListFolder, path: string): Promise<boolean> {
  const folder = path.replace(/[\\/][^\\/]*$/, '') || '/';
  const listing = await list(folder, 'save-project').catch(() => null);
  return listing?.entries.some((e) => e.kind === 'file' && e.path === path) ?? false;
}

const wantsFolder = (purpose: PathRequest['purpose']) =>
  purpose === 'open-image-folder' || purpose === 'choose-export-folder';
const isAbsolute = (p: string) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p);

/** Browser mode's path dialog: type an absolute path on the server, or browse its folders. */
export function PathPromptDialog({ prompt, list }: { prompt: PathPrompt; list: ListFolder }) {
  const request = useSyncExternalStore(prompt.subscribe, prompt.current);
  if (!request) return null;
  return (
    <PathForm key={`${request.purpose}:${request.defaultPath ?? ''}`} request={request} prompt={prompt} list={list} />
  );
}

function PathForm({ request, prompt, list }: { request: PathRequest; prompt: PathPrompt; list: ListFolder }) {
  const [path, setPath] = useState(request.defaultPath ?? '');
  const [folder, setFolder] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The existing file the user was asked about; a second Save on the same path replaces it. */
  const [replacing, setReplacing] = useState<string | null>(null);
  const browse = (dir: string | undefined) =>
    list(dir, request.purpose).then(
      (l) => {
        setFolder(l);
        setError(null);
      },
      (e: unknown) => setError(describe(e)),
    );
  useEffect(() => {
    const start = request.defaultPath ? request.defaultPath.replace(/[\\/][^\\/]*$/, '') || undefined : undefined;
    let live = true;
    list(start, request.purpose).then(
      (l) => live && setFolder(l),
      () =>
        live &&
        list(undefined, request.purpose).then(
          (l) => live && setFolder(l),
          () => undefined,
        ),
    );
    return () => {
      live = false;
    };
  }, [list, request]);
  const submit = async () => {
    const p = path.trim();
    if (!isAbsolute(p)) {
      setError('Type an absolute path on the machine running Filterbank, e.g. /home/me/model.filterbank.json');
      return;
    }
    if (request.purpose === 'save-project') {
      if (!p.toLowerCase().endsWith(PROJECT_SUFFIX)) {
        setError(`Projects are saved as NAME${PROJECT_SUFFIX} files: end the name with ${PROJECT_SUFFIX}.`);
        return;
      }
      if (replacing !== p && (await fileExists(list, p))) {
        setReplacing(p);
        setError(`${p.split(/[\\/]/).pop()} already exists. Press Replace to overwrite it, or change the name.`);
        return;
      }
    }
    prompt.answer(p);
  };
  return (
    <div className="modal-backdrop" role="presentation">
      <form
        className="modal modal--wide"
        role="dialog"
        aria-modal="true"
        data-testid="path-prompt"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') prompt.answer(null);
        }}
      >
        <h2>{TITLES[request.purpose]}</h2>
        <input
          className="mono path-input"
          data-testid="path-input"
          autoFocus
          spellCheck={false}
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/absolute/path"
        />
        {error ? <div className="field__error">{error}</div> : null}
        {folder ? (
          <div className="path-browser">
            <div className="path-browser__where mono">{folder.path}</div>
            <ul className="path-browser__list">
              {folder.parent ? (
                <li>
                  <button type="button" className="link" onClick={() => void browse(folder.parent ?? undefined)}>
                    ..
                  </button>
                </li>
              ) : null}
              {folder.entries.map((e) => (
                <li key={e.path}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      if (e.kind === 'directory') {
                        void browse(e.path);
                        if (wantsFolder(request.purpose)) setPath(e.path);
                      } else setPath(e.path);
                    }}
                  >
                    {e.kind === 'directory' ? `${e.name}/` : e.name}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="modal__buttons">
          <button type="submit" className="primary" data-testid="path-ok">
            {request.purpose !== 'save-project' ? 'Choose' : replacing === path.trim() ? 'Replace' : 'Save'}
          </button>
          <button type="button" data-testid="path-cancel" onClick={() => prompt.answer(null)}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
