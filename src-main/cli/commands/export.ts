import { readFileSync } from 'node:fs';
import { EXPORT_FORMAT_ALIASES, ExportError, exportModel } from '../../../src-engine';
import { ExportWriteError, writeExportFolder } from '../../services/export-writer';
import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { loadProject } from './import';

function generatedBy(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return `Filterbank ${pkg.version ?? ''}`.trim();
  } catch {
    return 'Filterbank';
  }
}

const CLI_FORMATS = Object.keys(EXPORT_FORMAT_ALIASES) as (keyof typeof EXPORT_FORMAT_ALIASES)[];

export const exportCommand: CliCommand = {
  name: 'export',
  usage: `export --model FILE --format ${CLI_FORMATS.join('|')} --out DIR [--force]`,
  description:
    'Export a model as a TF.js Layers model, a TypeScript module, ' +
    'a Keras Python script or a project file, written atomically.',
  options: {
    model: { type: 'string', help: 'A Filterbank project, TF.js model.json or Keras topology JSON.' },
    format: { type: 'string', help: `One of ${CLI_FORMATS.join(', ')}.` },
    out: {
      type: 'string',
      help: 'The folder to write into; other files there are kept, an earlier export is replaced only with --force.',
    },
    force: { type: 'flag', help: 'Replace the files an earlier export of this format wrote into that folder.' },
  },
  async run({ options, positionals }, io) {
    if (positionals.length > 0)
      throw new UsageError(`export: unexpected argument '${positionals[0]}' (give the model with --model FILE)`);
    const { model, format, out } = options;
    if (typeof model !== 'string') throw new UsageError('export: --model FILE is required');
    if (typeof format !== 'string' || !Object.hasOwn(EXPORT_FORMAT_ALIASES, format)) {
      throw new UsageError(
        `export: --format must be one of ` +
          `${CLI_FORMATS.join(', ')}${typeof format === 'string' ? `, got '${format}'` : ''}`,
      );
    }
    if (typeof out !== 'string') throw new UsageError('export: --out DIR is required');
    const loaded = await loadProject(model);
    let written: string[];
    let notes: string[];
    try {
      const result = exportModel(EXPORT_FORMAT_ALIASES[format as keyof typeof EXPORT_FORMAT_ALIASES], loaded.project, {
        generatedBy: generatedBy(),
      });
      notes = result.notes;
      written = await writeExportFolder(out, result.files, { overwrite: Boolean(options.force) });
    } catch (e) {
      if (e instanceof ExportError || e instanceof ExportWriteError) throw new UsageError(`export: ${e.message}`);
      throw e;
    }
    for (const path of written) io.out(path);
    for (const note of [...loaded.notes, ...notes]) io.out(`note: ${note}`);
    return 0;
  },
};
