import { formatZodIssues, ProjectFileSchema, serializeProjectFile, type ProjectFile } from '../model/project-file';
import { exportKerasScript } from './keras-export';
import { exportTfjs, type TfjsExportOptions } from './tfjs-export';
import { exportTypeScript } from './typescript-export';
import { ExportError, type ExportFormat, type ExportResult } from './types';

/** What project:save requires too (src-main/services/project-files.ts), so the exported file opens and saves. */
export const PROJECT_FILE_EXTENSION = '.filterbank.json';

/** The project file itself (graph, positions, groups, settings, class names, weights, history), versioned. */
export function exportProjectFile(project: ProjectFile): ExportResult {
  // Filterbank never writes a project file it would refuse to open (a name that breaks the rule, say).
  const parsed = ProjectFileSchema.safeParse(project);
  if (!parsed.success)
    throw new ExportError(`the project cannot be written as a project file: ${formatZodIssues(parsed.error)}`);
  const base = project.graph.name.replace(/[^A-Za-z0-9_-]/g, '_') || 'model';
  return { files: [{ path: `${base}${PROJECT_FILE_EXTENSION}`, text: serializeProjectFile(project) }], notes: [] };
}

/**
 * Exports a project in one format as files relative to an export folder. Pure: the caller writes them (atomically,
 * see src-main/services/export-writer.ts). Throws ExportError for a model that cannot be exported in that format.
 */
export function exportModel(format: ExportFormat, project: ProjectFile, options: TfjsExportOptions = {}): ExportResult {
  switch (format) {
    case 'tfjs':
      return exportTfjs(project, options);
    case 'typescript':
      return exportTypeScript(project, options);
    case 'keras':
      return exportKerasScript(project);
    case 'project':
      return exportProjectFile(project);
  }
}

export {
  EXPORT_FORMATS,
  EXPORT_FORMAT_ALIASES,
  ExportError,
  fileBytes,
  type ExportFile,
  type ExportFormat,
  type ExportResult,
} from './types';
export { importModel, ModelImportError, type ModelImport } from './model-import';
export { decodeTfjsWeights, TfjsWeightsError, type ShardReader } from './tfjs-weights';
export { matchWeights, WeightMatchError } from './weight-matching';
