import type { OptionSpec, ParsedArgs } from './args';

export interface CliIO {
  out(line: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress bars redraw in place only then). */
  isTTY: boolean;
  /** Resolves when the user presses Ctrl-C; commands that run long poll `interrupted`. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  usage: string;
  description: string;
  options: Record<string, OptionSpec>;
  /** Returns the exit status: 0 success, 2 invalid input (never a stack trace), 1 a failure while running. */
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}
