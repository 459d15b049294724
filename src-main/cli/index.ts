import { BackendUnavailableError, DatasetError, TrainingSetupError } from '../../src-engine/node';
import { ModelInvalidError, ModelLoadError } from '../../src-engine';
import { parseArgs, UsageError } from './args';
import type { CliCommand, CliIO } from './command';
import { datasetUsageError } from './data-folder';
import { backendsCommand } from './commands/backends';
import { datasetCommand } from './commands/dataset';
import { evaluateCommand } from './commands/evaluate';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { predictCommand } from './commands/predict';
import { summaryCommand } from './commands/summary';
import { trainCommand } from './commands/train';

export const COMMANDS: readonly CliCommand[] = [
  summaryCommand,
  backendsCommand,
  datasetCommand,
  trainCommand,
  predictCommand,
  evaluateCommand,
  exportCommand,
  importCommand,
];

function help(): string {
  const lines = ['Usage: npm run cli -- <command> [options]', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.usage.padEnd(60)} ${c.description}`);
  lines.push('', "Run `npm run cli -- <command> --help` for a command's options.");
  return lines.join('\n');
}

function commandHelp(c: CliCommand): string {
  const lines = [`Usage: npm run cli -- ${c.usage}`, '', c.description, ''];
  for (const [name, spec] of Object.entries(c.options))
    lines.push(`  --${name}${spec.type === 'flag' ? '' : ` <${spec.type}>`}`.padEnd(32) + spec.help);
  return lines.join('\n');
}

/** Mistakes are reported on one line, whatever the underlying message looks like. */
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** Runs one CLI invocation; returns the exit status. Errors the user can fix are one line and status 2. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`filterbank: unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(parseArgs(rest, command.options, command.name), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${oneLine(e.message)}\n`);
      return 2;
    }
    // A forced backend this machine cannot run is the user's choice to change, not a failure.
    if (e instanceof BackendUnavailableError) {
      io.err(`${command.name}: ${oneLine(e.message)}\n`);
      return 2;
    }
    if (e instanceof ModelLoadError) {
      io.err(`${command.name}: cannot read the model: ${e.layer ? `layer ${e.layer}: ` : ''}${oneLine(e.message)}\n`);
      return 2;
    }
    // Whichever command meets them, these are the model's or the folder's problems, said with their fix.
    if (e instanceof ModelInvalidError) {
      io.err(`${command.name}: the model is invalid: ${oneLine(e.message)}\n`);
      return 2;
    }
    if (e instanceof TrainingSetupError) {
      io.err(`${command.name}: ${oneLine(e.message)}. ${e.hint}\n`);
      return 2;
    }
    if (e instanceof DatasetError) {
      io.err(`${datasetUsageError(command.name, e).message}\n`);
      return 2;
    }
    io.err(`${command.name} failed: ${(e as Error).message}\n`);
    return 1;
  }
}

function isMain(): boolean {
  const entry = process.argv[1] ?? '';
  return /cli[\\/]index\.[cm]?[jt]s$/.test(entry);
}

if (isMain()) {
  const controller = new AbortController();
  // Ctrl-C reaches every process of the terminal's group. `npm run cli` starts node directly (node --import tsx):
  // the tsx launcher would SIGKILL this process unless it acknowledged the signal within 60 ms, which a training
  // step may not allow. npm and sh wait for this process, so the first Ctrl-C stops training and saves (the fit loop
  // yields to the event loop between batches); a second one quits at once.
  process.on('SIGINT', () => {
    if (controller.signal.aborted) {
      process.stderr.write('\nInterrupted again: quitting at once.\n');
      process.exit(130);
    }
    process.stderr.write('\nStopping… (press Ctrl-C again to quit at once)\n');
    controller.abort();
  });
  // A reader that went away (`… | head`) is not a failure: stop quietly, as a SIGPIPE would, instead of a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(141);
      throw e;
    });
  }
  const io: CliIO = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    signal: controller.signal,
  };
  // A native GPU runtime (Dawn) may hold the event loop open after the work is done: once the loop should have
  // drained, an unref'd timer ends the process (it never fires when nothing else is left).
  const finish = (code: number) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 2000).unref();
  };
  runCli(process.argv.slice(2), io).then(finish, (e: unknown) => {
    process.stderr.write(`filterbank: ${(e as Error).message}\n`);
    finish(1);
  });
}
