// export:run. Each format is an Exporter; the project format is built in, the code and model formats are
// plugged in by the engine (src-engine) as they are written. An export writes only into the folder the user
// chose, and replaces existing files only when the caller confirmed it (overwrite); a folder export replaces only the
// files it writes (and its own stale shards), never the user's other files in that folder.
import { lstat, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ExportError } from '../../src-engine';
import { type ExportFormat, IpcError } from '../../src-shared';
import { ExportExistsError, ExportWriteError, folderExporter } from './export-writer';
import { fsError } from './fs-errors';
import type { PathPolicy } from './path-policy';
import { PROJECT_FILE_SUFFIX, type ProjectFiles } from './project-files';

export interface Exporter {
  /** The file or folder an export named `name` writes into `directory`. */
  target(directory: string, name: string): string;
  /**
   * Writes `project` to `target`; returns the paths written. Without overwrite, throws confirm-overwrite (its issues
   * the paths that would be replaced) when it would replace anything.
   */
  write(project: unknown, target: string, options: { overwrite: boolean }): Promise<string[]>;
}

export interface ExportRequest {
  format: ExportFormat;
  directory: string;
  name: string;
  project: unknown;
  overwrite: boolean;
}

/** What the save dialogs offer: a project file is NAME.filterbank.json. */
export const PROJECT_EXTENSION = PROJECT_FILE_SUFFIX;

const FORMAT_LABELS: Record<ExportFormat, string> = {
  project: 'a Filterbank project file',
  tfjs: 'a TensorFlow.js model',
  typescript: 'TypeScript code',
  keras: 'Keras Python code',
};

/** The question before replacing `paths` (absolute): the service asks it, the dialog lists the paths. */
function confirmOverwrite(paths: readonly string[], folder: string): IpcError {
  const message =
    paths.length === 1 ? `${paths[0]} already exists.` : `In ${folder}, ${paths.length} files already exist.`;
  const issues = paths.map((path) => ({ path, message: 'would be replaced' }));
  return new IpcError('confirm-overwrite', message, 'Confirm to replace them, or choose another name.', issues);
}

export function projectExporter<T>(projects: ProjectFiles<T>): Exporter {
  return {
    target: (directory, name) =>
      join(directory, name.toLowerCase().endsWith(PROJECT_FILE_SUFFIX) ? name : `${name}${PROJECT_FILE_SUFFIX}`),
    write: async (project, target, { overwrite }) => {
      const exists = await lstat(target).then(
        () => true,
        () => false,
      );
      if (exists && !overwrite) throw confirmOverwrite([target], dirname(target));
      return [(await projects.save(target, project)).path];
    },
  };
}

/** The model and code formats, written by the engine's exporters into a folder of their own. */
export function engineExporters(): Partial<Record<ExportFormat, Exporter>> {
  const wrap = (format: Exclude<ExportFormat, 'project'>): Exporter => {
    const write = folderExporter(format);
    const label = FORMAT_LABELS[format];
    return {
      target: (directory, name) => join(directory, name),
      write: async (project, target, options) => {
        try {
          return await write(project, dirname(target), basename(target), options);
        } catch (error) {
          if (error instanceof ExportExistsError)
            throw confirmOverwrite(
              error.replaced.map((name) => join(error.folder, name)),
              error.folder,
            );
          if (error instanceof ExportError)
            throw new IpcError(
              'invalid-file',
              `The model cannot be exported as ${label}: ${error.message}`,
              'Fix the layer named in the message (or choose another format) and export again.',
            );
          if (error instanceof ExportWriteError)
            throw new IpcError('io-error', `Could not export as ${label}: ${error.message}.`, 'Choose another name.');
          throw fsError(error, `export as ${label}`, target);
        }
      },
    };
  };
  return { tfjs: wrap('tfjs'), typescript: wrap('typescript'), keras: wrap('keras') };
}

export async function runExport(
  exporters: Partial<Record<ExportFormat, Exporter>>,
  policy: PathPolicy,
  request: ExportRequest,
): Promise<string[]> {
  const exporter = exporters[request.format];
  if (!exporter) {
    throw new IpcError(
      'unavailable',
      `Exporting as ${FORMAT_LABELS[request.format]} is not available in this build yet.`,
      'Save a project file instead; it can be exported once this format is available.',
    );
  }
  let directory: string;
  try {
    directory = await policy.check(request.directory, 'write');
    if (!(await stat(directory)).isDirectory())
      throw new IpcError(
        'invalid-file',
        `${request.directory} is a file, not a folder.`,
        'Choose a folder to export into.',
      );
  } catch (error) {
    throw fsError(error, 'export into the folder', request.directory);
  }
  // The target itself is checked too: a name that is a symlink inside the folder must not lead out of it.
  const target = await policy.check(exporter.target(directory, request.name), 'write');
  return exporter.write(request.project, target, { overwrite: request.overwrite });
}
