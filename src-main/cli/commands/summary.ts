import {
  defaultTrainingSettings,
  designHints,
  formatSummary,
  inferShapes,
  ModelLoadError,
  summarize,
  type DesignHint,
} from '../../../src-engine';
import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { readModelFile } from '../model-file';

export const summaryCommand: CliCommand = {
  name: 'summary',
  usage: 'summary [--json] FILE…',
  description:
    'Print the Keras model.summary() and the design hints of Filterbank ' +
    'project files, Keras topology JSON or TF.js model.json files.',
  options: { json: { type: 'flag', help: 'One JSON object per file and line.' } },
  async run({ options, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('summary: give at least one model file');
    let allValid = true;
    for (const file of positionals) {
      const result = await summarizeFile(file);
      if ('error' in result) {
        allValid = false;
        if (options.json) io.out(JSON.stringify({ error: result.error }));
        else {
          // Diagnostics already open with the layer name ("dense: …"); other errors get it here.
          const { layer, message } = result.error;
          io.err(`${file}: ${layer && !message.startsWith(`${layer}: `) ? `layer ${layer}: ` : ''}${message}\n`);
        }
        continue;
      }
      const s = result.summary;
      if (options.json) {
        io.out(
          JSON.stringify({
            layers: s.rows.map((r) => ({
              name: r.name,
              className: r.className,
              outputShape: r.outputShape,
              params: r.params,
            })),
            totalParams: s.totalParams,
            trainableParams: s.trainableParams,
            nonTrainableParams: s.nonTrainableParams,
            hints: result.hints,
          }),
        );
      } else {
        if (positionals.length > 1) io.out(`${file}:`);
        io.out(formatSummary(s));
        for (const w of result.warnings) io.out(`warning: ${w}`);
        for (const h of result.hints) io.out(`hint: ${h.message}${h.detail ? `\n      ${h.detail}` : ''}`);
      }
    }
    return allValid ? 0 : 2;
  },
};

/** A design hint as the CLI prints it: the layer by name (node ids are internal), null for model-wide hints. */
interface CliHint {
  kind: DesignHint['kind'];
  layer: string | null;
  message: string;
  detail: string | null;
}

type FileResult =
  | { summary: ReturnType<typeof summarize>; warnings: string[]; hints: CliHint[] }
  | { error: { layer: string | null; message: string } };

async function summarizeFile(file: string): Promise<FileResult> {
  try {
    const loaded = await readModelFile(file);
    const inference = inferShapes(loaded.project.graph);
    const firstError = inference.diagnostics.find((d) => d.severity === 'error');
    if (firstError) return { error: { layer: firstError.layer ?? null, message: firstError.message } };
    const warnings = [
      ...loaded.notes,
      ...inference.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message),
    ];
    // Activation memory is estimated for the project's batch size, or the default one for bare topologies.
    const batchSize = loaded.project.training?.batchSize ?? defaultTrainingSettings().batchSize;
    const hints = designHints(loaded.project.graph, inference, batchSize).map((h) => ({
      kind: h.kind,
      layer: h.nodeId === undefined ? null : (inference.nodes.get(h.nodeId)?.node.name ?? null),
      message: h.message,
      detail: h.detail ?? null,
    }));
    return { summary: summarize(loaded.project.graph, inference), warnings, hints };
  } catch (e) {
    if (e instanceof ModelLoadError) return { error: { layer: e.layer, message: e.message } };
    if (e instanceof UsageError) return { error: { layer: null, message: e.message } };
    throw e;
  }
}
