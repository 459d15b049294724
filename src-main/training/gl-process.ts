// Child-process entry (see process-host.ts): probes headless-gl, or hosts one training worker as the only thread of
// this process that loads gl, relaying its messages to the parent and the parent's pause / resume / stop to it.
// node.ts loads gpu.js (and so gl) only when a headlessgl engine is
// made, in the training thread: gl serves one thread per process.
import {
  ensureDisplay,
  probeHeadlessGL,
  processEnvironment,
  unmarkTrainingInWorkerThreads,
} from '../../src-engine/node';
import type { ParentToChild, RelayMessage } from './process-host';
import { CONTROL_BYTES } from './protocol';
import { spawnWorker } from './spawn-worker';
import { defaultResourceLimits } from './supervisor';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}
/** Electron's utilityProcess talks through process.parentPort; Node's fork through process.send. */
const electronPort = (process as { parentPort?: ParentPort }).parentPort;
const post = (message: unknown) => (electronPort ? electronPort.postMessage(message) : process.send?.(message));
const onParentMessage = (listener: (message: ParentToChild) => void) =>
  electronPort
    ? electronPort.on('message', (event) => listener(event.data as ParentToChild))
    : process.on('message', (m) => listener(m as ParentToChild));

// This process exists so that its one worker may load gl: the
// app's flag (inherited through the environment) says otherwise.
unmarkTrainingInWorkerThreads();
let control: Int32Array | null = null;
/** A pause or stop that arrives while the worker is still starting applies as soon as it exists. */
let pendingControl: number | null = null;

onParentMessage((message) => {
  switch (message.type) {
    case 'probe':
      // Without a display (and no Xvfb to start) the probe itself says so.
      void ensureDisplay()
        .catch(() => null)
        .then(() => post({ type: 'probe', probe: probeHeadlessGL(processEnvironment()) } satisfies RelayMessage));
      break;
    case 'run':
      void startRun(message.workerFile, message.workerData);
      break;
    case 'control':
      if (control) {
        Atomics.store(control, 0, message.value);
        Atomics.notify(control, 0);
      } else pendingControl = message.value;
      break;
  }
});

async function startRun(workerFile: string, workerData: { runId: string; job: unknown; featureMapIntervalMs: number }) {
  await ensureDisplay().catch(() => null);
  const buffer = new SharedArrayBuffer(CONTROL_BYTES);
  control = new Int32Array(buffer);
  if (pendingControl !== null) Atomics.store(control, 0, pendingControl);
  const worker = spawnWorker(new URL(workerFile), { ...workerData, control: buffer }, defaultResourceLimits());
  worker.on('message', (message: unknown) => post(message));
  worker.on('error', (error: Error & { code?: string }) =>
    post({
      type: 'relay-error',
      message: error.message,
      code: error.code ?? null,
      stack: error.stack ?? null,
    } satisfies RelayMessage),
  );
  worker.on('exit', (code) => process.exit(code));
}
