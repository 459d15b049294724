import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ExportFormat, ProjectFile } from '../../src-engine';
import '../styles/export-dialog.css';
import type { DialogRequest } from './dialog';
import {
  defaultExportName,
  exportChoices,
  exportNameProblem,
  exportTarget,
  firstAvailable,
  joinPath,
  KERAS_STRATEGIES,
  kerasCommand,
  replaceQuestion,
  replaceTitle,
  tfjsSnippet,
  typescriptSnippet,
  type ExportChoice,
  type KerasStrategy,
} from './export-options';
import type { ExportPort } from './export-port';
import { WrittenFiles } from './export-written-files';

export interface ExportDialogProps {
  port: ExportPort;
  /** The project as it is now, weights included (a finished training run puts them into the project). */
  project: ProjectFile;
  ask<T extends string>(request: DialogRequest<T>): Promise<T>;
  onClose(): void;
}

type Phase = 'editing' | 'choosing' | 'exporting';

/** Export…: pick a format (refused ones say why), a name and a folder; ends with the list of files written. */
export function ExportDialog({ port, project, ask, onClose }: ExportDialogProps) {
  const choices = useMemo(() => exportChoices(project), [project]);
  const [format, setFormat] = useState<ExportFormat | null>(() => firstAvailable(choices));
  const [name, setName] = useState(() => defaultExportName(project.graph.name));
  const [folder, setFolder] = useState<string | null>(null);
  const [strategy, setStrategy] = useState<KerasStrategy>('default');
  const [phase, setPhase] = useState<Phase>('editing');
  const [error, setError] = useState<string | null>(null);
  const [written, setWritten] = useState<string[] | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const nameProblem = exportNameProblem(name);
  const choice = choices.find((c) => c.format === format) ?? null;

  useEffect(() => {
    nameInput.current?.focus();
    nameInput.current?.select();
  }, []);
  useEffect(() => {
    void port.startFolder().then(
      (f) => setFolder((now) => now ?? f),
      () => undefined,
    );
  }, [port]);
  // Escape closes, except while the folder dialog or the replace question (which answer Escape themselves) is up.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && phase === 'editing') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [phase, onClose]);

  const chooseFolder = async () => {
    setPhase('choosing');
    try {
      const chosen = await port.chooseFolder(folder ?? undefined);
      if (chosen !== null) {
        setFolder(chosen);
        setError(null);
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPhase('editing');
    }
  };

  const run = async () => {
    if (!choice || choice.refusal || nameProblem || !folder) return;
    setPhase('exporting');
    setError(null);
    try {
      const request = { format: choice.format, directory: folder, name, project, overwrite: false };
      let outcome = await port.run(request);
      if ('exists' in outcome) {
        const target = exportTarget(choice.format, folder, name);
        const replaced = outcome.replaced.length > 0 ? outcome.replaced : [target];
        const answer = await ask<'replace' | 'cancel'>({
          title: replaceTitle(replaced.length),
          message: replaceQuestion(choice.format, target, replaced),
          buttons: [
            { id: 'replace', label: 'Replace', tone: 'danger' },
            { id: 'cancel', label: 'Cancel' },
          ],
          cancel: 'cancel',
        });
        if (answer !== 'replace') return;
        outcome = await port.run({ ...request, overwrite: true });
      }
      if ('files' in outcome) {
        setWritten(outcome.files);
      } else setError(`${outcome.exists} Choose another name.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPhase('editing');
    }
  };

  // Paths are previewed only for a name the export would accept.
  const preview = choice && folder && !nameProblem ? exportTarget(choice.format, folder, name) : null;
  const blocked = !choice || choice.refusal !== null || nameProblem !== null || !folder || phase !== 'editing';
  return (
    <div className="modal-backdrop" role="presentation">
      <div
        className="modal modal--wide export-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-title"
        data-testid="export-dialog"
      >
        <h2 id="export-title">{written ? 'Exported' : `Export ${project.graph.name}`}</h2>
        {written ? (
          <WrittenFiles port={port} files={written} onClose={onClose} />
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!blocked) void run();
            }}
          >
            <div className="export-dialog__columns">
              <fieldset className="export-dialog__formats">
                <legend>Format</legend>
                {choices.map((c) => (
                  <FormatOption key={c.format} choice={c} selected={c.format === format} onSelect={setFormat} />
                ))}
              </fieldset>
              <div className="export-dialog__details">
                {choice ? (
                  <Usage choice={choice} target={preview}>
                    {choice.format === 'keras' ? (
                      <label className="export-dialog__field">
                        Train with
                        <select
                          value={strategy}
                          onChange={(e) => setStrategy(e.target.value as KerasStrategy)}
                          data-testid="export-strategy"
                        >
                          {KERAS_STRATEGIES.map((s) => (
                            <option key={s.id} value={s.id}>
                              {s.label}
                            </option>
                          ))}
                        </select>
                      </label>
                    ) : null}
                    {choice.format === 'keras' && folder && !nameProblem ? (
                      <Code testId="export-command">
                        {kerasCommand(
                          joinPath(exportTarget('keras', folder, name), choice.files[0] ?? 'model.py'),
                          strategy,
                        )}
                      </Code>
                    ) : null}
                  </Usage>
                ) : (
                  <p className="export-dialog__refusal">No format can carry this model: see the reasons on the left.</p>
                )}
              </div>
            </div>
            <label className="export-dialog__field">
              Name
              <input
                ref={nameInput}
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-invalid={nameProblem !== null}
                data-testid="export-name"
              />
            </label>
            {nameProblem ? (
              <p className="export-dialog__name-error" data-testid="export-name-error">
                {nameProblem}
              </p>
            ) : null}
            <div className="export-dialog__field">
              Folder
              <span className="export-dialog__folder mono" data-testid="export-folder" title={folder ?? ''}>
                {folder ?? 'None yet: press Choose… to pick where to export'}
              </span>
              <button type="button" onClick={() => void chooseFolder()} data-testid="export-choose-folder">
                Choose…
              </button>
            </div>
            {error ? (
              <p className="export-dialog__error" role="alert" data-testid="export-error">
                {error}
              </p>
            ) : null}
            <div className="modal__buttons">
              <button type="button" onClick={onClose} data-testid="export-cancel">
                Cancel
              </button>
              <button type="submit" className="primary" disabled={blocked} data-testid="export-run">
                {phase === 'exporting' ? 'Exporting…' : 'Export'}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}

function FormatOption({
  choice,
  selected,
  onSelect,
}: {
  choice: ExportChoice;
  selected: boolean;
  onSelect(format: ExportFormat): void;
}) {
  return (
    <label className={`export-dialog__format${choice.refusal ? ' export-dialog__format--refused' : ''}`}>
      <input
        type="radio"
        name="export-format"
        checked={selected}
        disabled={choice.refusal !== null}
        onChange={() => onSelect(choice.format)}
        data-testid={`export-format-${choice.format}`}
      />
      <span>
        <strong>{choice.title}</strong>
        {choice.refusal ? (
          <span className="export-dialog__refusal" data-testid={`export-refusal-${choice.format}`}>
            {choice.refusal}
          </span>
        ) : null}
      </span>
    </label>
  );
}

function Usage({ choice, target, children }: { choice: ExportChoice; target: string | null; children?: ReactNode }) {
  return (
    <div data-testid="export-usage">
      <p>{choice.contains}</p>
      {choice.format === 'tfjs' && target ? <Code testId="export-snippet">{tfjsSnippet(target)}</Code> : null}
      {choice.format === 'typescript' && target ? (
        <Code testId="export-snippet">{typescriptSnippet(target.split(/[\\/]/).pop() ?? 'model')}</Code>
      ) : null}
      {children}
      {target ? (
        <p className="muted">
          Writes {choice.format === 'project' ? 'the file' : 'into the folder'} <span className="mono">{target}</span>
          {choice.files.length > 0 ? `: ${choice.files.join(', ')}` : ''}
        </p>
      ) : null}
      {choice.notes.map((n) => (
        <p key={n} className="muted">
          Note: {n}
        </p>
      ))}
    </div>
  );
}

function Code({ children, testId }: { children: string; testId: string }) {
  return (
    <pre className="export-dialog__code mono" data-testid={testId}>
      {children}
    </pre>
  );
}
