import { useEffect, useState } from 'react';
import type { FolderListing } from '../services';
import { useDashboardActions } from './use-dashboard';

export interface FolderPickerProps {
  title: string;
  startPath?: string | null;
  onPick: (path: string) => void;
  onCancel: () => void;
}

const FolderIcon = () => (
  <svg className="folder-icon" width="14" height="12" viewBox="0 0 14 12" aria-hidden="true">
    <path d="M1 2.5A1.5 1.5 0 0 1 2.5 1h3l1.5 1.5h4.5A1.5 1.5 0 0 1 13 4v5.5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 1 9.5z" />
  </svg>
);

/** Browser mode's folder dialog: browses the folders of the machine running the services (files:list). */
export function FolderPicker({ title, startPath, onPick, onCancel }: FolderPickerProps) {
  const { listFolders } = useDashboardActions();
  const [path, setPath] = useState<string | undefined>(startPath ?? undefined);
  const [typed, setTyped] = useState('');
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    listFolders(path).then(
      (l) => {
        if (!alive) return;
        setListing(l);
        setTyped(l.path);
        setError(null);
      },
      (e: unknown) => {
        if (!alive) return;
        const hint = (e as { hint?: string }).hint;
        setError(`${e instanceof Error ? e.message : String(e)}${hint ? ` ${hint}` : ''}`);
      },
    );
    return () => {
      alive = false;
    };
  }, [listFolders, path]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  return (
    <div className="modal-backdrop" onClick={onCancel}>
      <div className="modal folder-picker" role="dialog" aria-label={title} onClick={(e) => e.stopPropagation()} data-testid="folder-picker">
        <header className="modal__head">
          <h3>{title}</h3>
          <button type="button" className="link" onClick={onCancel} aria-label="Close">
            ✕
          </button>
        </header>
        <form
          className="folder-picker__path"
          onSubmit={(e) => {
            e.preventDefault();
            setPath(typed);
          }}
        >
          <input type="text" value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Folder path" className="mono" />
          <button type="submit">Go</button>
        </form>
        {error ? <p className="banner banner--error small">{error}</p> : null}
        <ul className="folder-picker__list">
          {listing?.parent ? (
            <li>
              <button type="button" className="folder-picker__entry" onClick={() => setPath(listing.parent ?? undefined)}>
                ↰ ..
              </button>
            </li>
          ) : null}
          {listing?.folders.map((f) => (
            <li key={f.path}>
              <button type="button" className="folder-picker__entry" onClick={() => setPath(f.path)} onDoubleClick={() => onPick(f.path)}>
                <FolderIcon /> {f.name}
              </button>
            </li>
          ))}
          {listing && listing.folders.length === 0 ? <li className="muted small">No sub-folders.</li> : null}
          {listing?.truncated ? <li className="muted small">Only the first entries are listed; type a path to go further.</li> : null}
        </ul>
        <footer className="modal__foot">
          <span className="muted small">Each class is one sub-folder of the chosen folder.</span>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!listing} onClick={() => listing && onPick(listing.path)} data-testid="folder-picker-use">
            Use this folder
          </button>
        </footer>
      </div>
    </div>
  );
}
