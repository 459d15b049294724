import type { CliIO } from './command';

/** Captures a CLI run's output for tests. */
export function captureIO(
  signal: AbortSignal = new AbortController().signal,
): CliIO & { stdout: string[]; stderr: string } {
  const io = {
    stdout: [] as string[],
    stderr: '',
    isTTY: false,
    signal,
    out: (line: string) => void io.stdout.push(line),
    err: (text: string) => void (io.stderr += text),
  };
  return io;
}
