// export:run. Each format is an Exporter; the project format is built in, the code and model formats are
// plugged in by the engine (src-engine) as they are written.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ExportError } from '../../src-engine/export/types';
import type { ExportFormat } from '../ipc/contract';
import { IpcError } from '../ipc/envelope';
import { folderExporter } from './export-writer';
import { fsError } from './fs-errors';
import type { ProjectFiles } from './project-files';

/** Writes `project` into `directory` under the base name `name`; returns the paths written. */
export type Exporter = (project: unknown, directory: string, name: string) => Promise<string[]>;

export const PROJECT_EXTENSION = '.filterbank';

const FORMAT_LABELS: Record<ExportFormat, string> = {
  project: 'a Filterbank project file',
  tfjs: 'a TensorFlow.js model',
  typescript: 'TypeScript code',
  keras: 'Keras Python code',
};

export function projectExporter<T>(projects: ProjectFiles<T>): Exporter {
  return async (project, directory, name) => {
    const path = join(directory, name.endsWith(PROJECT_EXTENSION) ? name : `${name}${PROJECT_EXTENSION}`);
    await projects.save(path, project);
    return [path];
  };
}

/** The model and code formats, written by the engine's exporters into a folder of their own. */
export function engineExporters(): Partial<Record<ExportFormat, Exporter>> {
  const wrap = (format: 'tfjs' | 'ts' | 'keras'): Exporter => {
    const write = folderExporter(format);
    return async (project, directory, name) => {
      try {
        return await write(project, directory, name);
      } catch (error) {
        if (error instanceof ExportError) throw new IpcError('invalid-file', `The model cannot be exported as ${FORMAT_LABELS[format === 'ts' ? 'typescript' : format]}: ${error.message}`, 'Fix the layer named in the message (or choose another format) and export again.');
        throw error;
      }
    };
  };
  return { tfjs: wrap('tfjs'), typescript: wrap('ts'), keras: wrap('keras') };
}

export async function runExport(exporters: Partial<Record<ExportFormat, Exporter>>, format: ExportFormat, directory: string, name: string, project: unknown): Promise<string[]> {
  const exporter = exporters[format];
  if (!exporter) {
    throw new IpcError('unavailable', `Exporting as ${FORMAT_LABELS[format]} is not available in this build yet.`, 'Save a project file instead; it can be exported once this format is available.');
  }
  try {
    if (!(await stat(directory)).isDirectory()) throw new IpcError('invalid-file', `${directory} is a file, not a folder.`, 'Choose a folder to export into.');
  } catch (error) {
    throw fsError(error, 'export into the folder', directory);
  }
  return exporter(project, directory, name);
}
