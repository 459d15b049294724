/**
 * `npm run bench`: Filterbank's engines against TF.js on the Keras tutorial CNN and real MNIST digits, and the
 * dataset benchmark. Options: `npm run bench -- --help`. Also the measuring child (`--child <spec>`, internal).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { childMain } from './child';
import { runBenchmark } from './harness';
import { listEngines } from './engine-catalog';
import { parseCliOptions, USAGE } from './options';
import { formatMarkdown, formatText, type FullReport } from './report';

/** How this run was started, for the report: `npm run bench -- …` from the sources, `node <bundle> …` bundled. */
function invocation(argv: readonly string[]): string {
  if (import.meta.url.endsWith('.ts')) return ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' ');
  return ['node', path.relative(process.cwd(), process.argv[1]), ...argv].join(' ');
}

async function main(argv: string[]): Promise<void> {
  const o = parseCliOptions(argv);
  if (o.help) return void console.log(USAGE);
  if (o.render) {
    const saved = JSON.parse(readFileSync(o.render, 'utf8')) as FullReport;
    return void console.log(o.markdown ? formatMarkdown(saved) : formatText(saved));
  }
  if (o.list) {
    for (const e of await listEngines())
      console.log(`${e.id.padEnd(22)} ${e.available ? 'available' : `unavailable: ${e.reason}`}`);
    return;
  }
  const progress = (line: string) => process.stderr.write(line + '\n');
  const report: FullReport = {
    ...(await runBenchmark({
      engines: o.engines,
      batchSizes: o.batchSizes,
      box: o.box,
      tfjsThreads: o.tfjsThreads,
      onProgress: progress,
    })),
    command: invocation(argv),
  };
  if (o.skipDataset) {
    report.dataset = { notRun: '--skip-dataset' };
  } else {
    progress(
      `Dataset benchmark: generating ${o.datasetFiles.toLocaleString('en-US')} ` +
        `images and loading them in a fresh process…`,
    );
    const { runDatasetBench } = await import('./dataset-bench');
    report.dataset = await runDatasetBench({ files: o.datasetFiles });
  }
  console.log(o.json ? JSON.stringify(report, null, 2) : o.markdown ? formatMarkdown(report) : formatText(report));
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  void childMain(argv[1] ?? '');
} else {
  main(argv).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
