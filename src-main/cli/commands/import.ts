import { serializeProjectFile } from '../../../src-engine';
import { ExportWriteError, writeFileAtomically } from '../../services/export-writer';
import { type LoadedProject, loadModelFile, ModelFileError } from '../../services/model-import';
import { UsageError } from '../args';
import type { CliCommand } from '../command';

export type { LoadedProject } from '../../services/model-import';

/** Loads any model file as a project (services/model-import.ts); problems with the file are UsageErrors. */
export async function loadProject(path: string): Promise<LoadedProject> {
  try {
    return await loadModelFile(path);
  } catch (e) {
    if (e instanceof ModelFileError) throw new UsageError(e.message);
    throw e;
  }
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import FILE --out PROJECT.json [--force]',
  description: 'Turn a TF.js model.json (with its weight files) or a Keras topology JSON into a Filterbank project.',
  options: {
    out: { type: 'string', help: 'The project file to write.' },
    force: { type: 'flag', help: 'Replace the project file if it exists.' },
  },
  async run({ options, positionals }, io) {
    if (positionals.length !== 1)
      throw new UsageError('import: give exactly one model file (model.json or a Keras topology JSON)');
    if (typeof options.out !== 'string') throw new UsageError('import: --out PROJECT.json is required');
    const loaded = await loadProject(positionals[0]);
    try {
      const written = await writeFileAtomically(
        options.out,
        new TextEncoder().encode(serializeProjectFile(loaded.project)),
        { overwrite: Boolean(options.force) },
      );
      const layers = loaded.project.graph.nodes.length;
      io.out(
        `imported ${layers} layers ${loaded.hasWeights ? 'with their weights' : 'without weights'} from ` +
          `${positionals[0]} → ${written}`,
      );
    } catch (e) {
      if (e instanceof ExportWriteError) throw new UsageError(`import: ${e.message}`);
      throw e;
    }
    for (const note of loaded.notes) io.out(`note: ${note}`);
    return 0;
  },
};
