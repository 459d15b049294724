// What the Export… dialog offers for a project: which formats can carry the model and why not, the files each will
// write, and how to use them. Pure: the same engine exporters the service runs decide, dry-run here, so a refusal is
// shown before anything is written.
import {
  compileModel,
  exportModel,
  PROJECT_FILE_EXTENSION,
  type ExportFormat,
  type ProjectFile,
} from '../../src-engine';
import { FileBaseName } from '../../src-shared';

export interface ExportChoice {
  format: ExportFormat;
  title: string;
  /** What the export contains, in one sentence. */
  contains: string;
  /** Why this format cannot carry the model now (and what to do), or null when it can. */
  refusal: string | null;
  /** The files the export writes, relative to its target (the target itself for the project file). */
  files: string[];
  /** Harmless differences the exporter reports (guessed preprocessing, default class names). */
  notes: string[];
}

export const KERAS_STRATEGIES = [
  { id: 'default', label: 'One device (CPU or one GPU)' },
  { id: 'mirrored', label: 'Every GPU of this machine (mirrored)' },
  { id: 'multiworker', label: 'Several machines (multiworker; set TF_CONFIG on each)' },
  { id: 'tpu', label: 'A Cloud TPU (images on gs://)' },
] as const;
export type KerasStrategy = (typeof KERAS_STRATEGIES)[number]['id'];

/** The model formats first: the project file is what Save as writes too. */
const DIALOG_ORDER: readonly ExportFormat[] = ['tfjs', 'typescript', 'keras', 'project'];

const FORMATS: Record<ExportFormat, { title: string; contains: string }> = {
  tfjs: {
    title: 'TensorFlow.js model',
    contains:
      'model.json with the trained weights in .bin shards, for tf.loadLayersModel in a browser or Node; ' +
      'filterbank.json beside it holds the preprocessing and class names.',
  },
  typescript: {
    title: 'TypeScript',
    contains:
      'model.ts rebuilds the model with @tensorflow/tfjs layer by layer, loads the trained weights of the ' +
      'TF.js files written beside it and predicts class probabilities (buildModel, loadModel, predict).',
  },
  keras: {
    title: 'Keras Python script',
    contains:
      'A Python script that defines the same model with tf.keras and trains it on image folders with this ' +
      "project's preprocessing and settings, on one device or through a tf.distribute strategy. Needs no weights.",
  },
  project: {
    title: 'Filterbank project file',
    contains:
      'The whole project (graph, layout, blocks, settings, class names, weights and history) as one ' +
      '.filterbank.json file, which Filterbank opens again with Open.',
  },
};

const UNTRAINED_REASON: Partial<Record<ExportFormat, string>> = {
  tfjs:
    'A TF.js model is the trained network: model.json loads together with its weights, and this model has not ' +
    'been trained yet. Train it on the Training page first, or export the Keras script or the project file.',
  typescript:
    'The TypeScript module loads the trained weights of the TF.js files beside it, and this model has not been ' +
    'trained yet. ' +
    'Train it on the Training page first, or export the Keras script or the project file.',
};

/** True when the project carries weights (a finished training run or an imported model put them there). */
export const hasWeights = (project: ProjectFile): boolean =>
  project.weights !== null && project.weights !== undefined && Object.keys(project.weights).length > 0;

/** Whether the graph builds: an invalid model is refused for that, before any question of weights. */
function compiles(project: ProjectFile): boolean {
  try {
    compileModel(project.graph);
    return true;
  } catch {
    return false;
  }
}

/** Each format with whether it can carry `project`, decided by the engine's own exporters (nothing is written). */
export function exportChoices(project: ProjectFile): ExportChoice[] {
  return DIALOG_ORDER.map((format) => {
    const { title, contains } = FORMATS[format];
    try {
      const result = exportModel(format, project);
      const files = format === 'project' ? [] : result.files.map((f) => f.path);
      return { format, title, contains, refusal: null, files, notes: result.notes };
    } catch (e) {
      // Not an ExportError only through a bug; the dialog still says why rather than failing to open.
      const reason = e instanceof Error ? e.message : String(e);
      const untrained = !hasWeights(project) && compiles(project) ? UNTRAINED_REASON[format] : undefined;
      const refusal = untrained ?? `Cannot export as ${title}: ${reason}.`.replace(/\.\.$/, '.');
      return { format, title, contains, refusal, files: [], notes: [] };
    }
  });
}

/** The first format that can carry the model, so the dialog never opens on a refused one. */
export function firstAvailable(choices: readonly ExportChoice[]): ExportFormat | null {
  return choices.find((c) => c.refusal === null)?.format ?? null;
}

/** The contract's rule for export names (the service refuses anything else), as one sentence; null when fine. */
export function exportNameProblem(name: string): string | null {
  if (name.trim() === '') return 'Give the export a name.';
  if (name !== name.trim()) return 'The name must not start or end with a space.';
  if (name.length > 200) return `The name is ${name.length} characters long; keep it to at most 200.`;
  const parsed = FileBaseName.safeParse(name);
  return parsed.success ? null : `The name ${parsed.error.issues[0].message}.`;
}

/** A file name from the model's name: characters that the name rule refuses become '_'. */
export function defaultExportName(modelName: string): string {
  const cleaned = modelName.replace(/[\\/:*?"<>|\0]/g, '_').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'model' : cleaned.slice(0, 200);
}

/** `folder/child` with the folder's own separator (Windows paths keep backslashes). */
export function joinPath(folder: string, child: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return `${folder.replace(/[\\/]+$/, '')}${sep}${child}`;
}

/** What an export named `name` creates in `folder`: a NAME.filterbank.json file, or a NAME folder for the others. */
export function exportTarget(format: ExportFormat, folder: string, name: string): string {
  if (format !== 'project') return joinPath(folder, name);
  const file = name.toLowerCase().endsWith(PROJECT_FILE_EXTENSION) ? name : `${name}${PROJECT_FILE_EXTENSION}`;
  return joinPath(folder, file);
}

const shellQuote = (s: string) => (/^[\w@%+=:,./\\-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The command that trains with the exported Keras script (`script` its path) with the chosen strategy. */
export function kerasCommand(script: string, strategy: KerasStrategy): string {
  const base = `python3 ${shellQuote(script)} --data IMAGES_FOLDER`;
  if (strategy === 'default') return base;
  return strategy === 'tpu' ? `${base} --strategy tpu --tpu TPU_NAME` : `${base} --strategy ${strategy}`;
}

/** `text` inside a '…' JavaScript string, and inside a `…` template literal. */
const quoted = (text: string) => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
const inTemplate = (text: string) => text.replace(/[\\`]|\$\{/g, (c) => `\\${c}`);

/** How to load the exported TF.js model, in a page (served over http) and in Node: one module, valid when pasted. */
export function tfjsSnippet(target: string): string {
  const path = target.replace(/\\/g, '/');
  const fileUrl = `file://${path.startsWith('/') ? '' : '/'}${path}/model.json`;
  const pageUrl = `/${path.split('/').pop()}/model.json`;
  return [
    "import * as tf from '@tensorflow/tfjs'; // in Node: '@tensorflow/tfjs-node', which reads file:// URLs",
    '// In a page, serve the folder and load it by URL; in Node, load it from disk.',
    `const url = typeof window === 'undefined' ? ${quoted(fileUrl)} : ${quoted(pageUrl)};`,
    'const model = await tf.loadLayersModel(url);',
  ].join('\n');
}

/** How to use the exported model.ts from a module beside the export folder `folderName`, in Node. */
export function typescriptSnippet(folderName: string): string {
  return [
    "import { readFile } from 'node:fs/promises';",
    `import { loadModel, predict } from ${quoted(`./${folderName}/model`)};`,
    `const model = await loadModel((path) => readFile(\`${inTemplate(folderName)}/\${path}\`));`,
    'const { className, probability } = predict(model, pixels).best;',
  ].join('\n');
}

/** The title of the question before replacing `count` existing files. */
export function replaceTitle(count: number): string {
  return count === 1 ? 'Replace 1 existing file?' : `Replace ${count} existing files?`;
}

const listed = (names: readonly string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** The question before replacing an earlier export: the exact files that go (`replaced`, absolute paths). */
export function replaceQuestion(format: ExportFormat, target: string, replaced: readonly string[]): string {
  if (format === 'project') return `${target} already exists. Exporting replaces that file.`;
  const names = replaced.map((p) => p.slice(target.length).replace(/^[\\/]+/, ''));
  return `Exporting into the folder ${target} replaces ${listed(names)}. Other files there are kept.`;
}
