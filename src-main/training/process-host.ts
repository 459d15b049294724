// A training run in a child process instead of a worker thread of this one: for headless-gl, whose native module
// works in only the first thread of a process that loads it (src-engine/backends/NOTES.md). The child
// (`gl-process.ts`) starts the same training worker as its only GL thread and relays the same protocol, so the
// supervisor treats it like a thread; pause / resume / stop travel as messages, since memory is not shared.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the child receives first: the training worker to start and its data (without the control buffer). */
export interface ProcessRunInit {
  type: 'run';
  workerFile: string;
  workerData: { runId: string; job: unknown; featureMapIntervalMs: number };
}

/** Asks the child to probe headless-gl in its own main thread and exit. */
export interface ProcessProbeInit {
  type: 'probe';
}

export type ParentToChild = ProcessRunInit | ProcessProbeInit | { type: 'control'; value: number };

/** The relay's own messages, beside the worker protocol's messages it forwards unchanged. */
export type RelayMessage =
  | { type: 'relay-error'; message: string; code: string | null; stack: string | null }
  | { type: 'probe'; probe: unknown };

/** A child process as the supervisor sees it: Node's fork, or Electron's utilityProcess in the desktop app. */
export interface ChildHandle {
  send(message: ParentToChild): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type ProcessLauncher = (entry: URL) => ChildHandle;

/** Node's fork with structured-clone messages (typed arrays arrive as typed arrays); .ts entries run through tsx. */
export const forkNodeProcess: ProcessLauncher = (entry) => {
  const child = fork(fileURLToPath(entry), [], {
    serialization: 'advanced',
    execArgv: entry.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', (code, signal) => listener(code, signal)),
    kill: () => void child.kill('SIGKILL'),
  };
};
