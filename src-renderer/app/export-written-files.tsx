import { useEffect, useState } from 'react';
import type { ExportPort } from './export-port';

/** The end of an export: every file written, each with Copy and, in the desktop app, Show in folder. */
export function WrittenFiles({ port, files, onClose }: { port: ExportPort; files: string[]; onClose(): void }) {
  const [status, setStatus] = useState<string | null>(null);
  const [canReveal, setCanReveal] = useState(false);
  useEffect(() => {
    void port.canReveal().then(setCanReveal, () => undefined);
  }, [port]);
  const copy = (path: string, field: Element | null | undefined) => {
    const selectIt = () => {
      if (!field) return;
      const range = document.createRange();
      range.selectNodeContents(field);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setStatus(`${path} is selected: press Ctrl+C to copy it.`);
    };
    if (!navigator.clipboard) return selectIt();
    navigator.clipboard.writeText(path).then(() => setStatus(`Copied ${path}`), selectIt);
  };
  const reveal = (path: string) =>
    port.reveal(path).then(
      () => setStatus(null),
      (e: unknown) => setStatus(e instanceof Error ? e.message : String(e)),
    );
  return (
    <>
      <p className="modal__message">{files.length === 1 ? '1 file' : `${files.length} files`} written:</p>
      <ul className="export-dialog__files" data-testid="export-files">
        {files.map((f) => (
          <li key={f} data-testid="export-file">
            <span className="mono">{f}</span>
            <span className="export-dialog__file-actions">
              <button type="button" onClick={(e) => copy(f, e.currentTarget.closest('li')?.querySelector('.mono'))}>
                Copy
              </button>
              {canReveal ? (
                <button type="button" onClick={() => void reveal(f)} data-testid="export-reveal">
                  Show in folder
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {status ? (
        <p className="muted" data-testid="export-copied">
          {status}
        </p>
      ) : null}
      <div className="modal__buttons">
        <button type="button" className="primary" onClick={onClose} data-testid="export-done">
          Done
        </button>
      </div>
    </>
  );
}
