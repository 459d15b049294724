import { describeBackends, formatBackendReport, isBackendChoice } from '../../../src-engine/node';
import { UsageError } from '../args';
import type { CliCommand } from '../command';

export const backendsCommand: CliCommand = {
  name: 'backends',
  usage: 'backends [--backend NAME] [--json]',
  description:
    'List the compute backends, fastest first: which one training uses, and why each faster one is not used.',
  options: {
    json: { type: 'flag', help: 'One JSON object: {"backends":[{"name","available","selected","reason","details"}]}.' },
    backend: {
      type: 'string',
      help: 'Show which backend a forced choice selects (auto, webgpu, headlessgl, webasm, cpu).',
    },
  },
  async run({ options }, io) {
    const choice = (options.backend ?? 'auto') as string;
    if (!isBackendChoice(choice))
      throw new UsageError(`backends: --backend must be auto, webgpu, headlessgl, webasm or cpu, got '${choice}'`);
    const reports = await describeBackends({ choice });
    if (options.json) {
      io.out(
        JSON.stringify({
          backends: reports.map((r) => ({
            name: r.name,
            available: r.available,
            selected: r.selected,
            reason: r.reason ?? r.autoSkipped ?? null,
            details: r.details,
          })),
        }),
      );
    } else io.out(formatBackendReport(reports));
    return 0;
  },
};
