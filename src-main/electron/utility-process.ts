// The desktop app's child processes: Electron's utilityProcess (a Node process with Electron's own Node, allowed
// with the runAsNode fuse off, unlike child_process.fork of the Electron binary).
import { utilityProcess } from 'electron';
import { fileURLToPath } from 'node:url';
import type { ParentToChild, ProcessLauncher } from '../training/process-host';

export const forkUtilityProcess: ProcessLauncher = (entry) => {
  const child = utilityProcess.fork(fileURLToPath(entry), [], {
    serviceName: 'Filterbank headless-gl',
    stdio: 'inherit',
  });
  // Messages posted before the process has spawned are held until it has.
  let queue: ParentToChild[] | null = [];
  let exited = false;
  child.once('spawn', () => {
    for (const message of queue ?? []) child.postMessage(message);
    queue = null;
  });
  child.once('exit', () => (exited = true));
  return {
    send: (message) => {
      if (exited) return;
      if (queue) queue.push(message);
      else child.postMessage(message);
    },
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', (code) => listener(code, null)),
    kill: () => void (exited || child.kill()),
  };
};
