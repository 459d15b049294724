import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { processEnvironment } from './environment';
import { glLoadFailureReason, probeHeadlessGL } from './headless-gl-probe';

const ADDON = '/app/node_modules/gl/build/Release/webgl.node';

describe('glLoadFailureReason', () => {
  it('says gl is missing, or installed but never built, from the errors require and bindings throw', () => {
    expect(glLoadFailureReason(new Error("Cannot find module 'gl'\nRequire stack:\n- /app/x.js"), [])).toMatch(
      /^the optional package gl is not installed .*npm rebuild gl/,
    );
    const bindings = new Error(
      `Could not locate the bindings file. Tried:\n → /app/node_modules/gl/build/webgl.node\n → ${ADDON}`,
    );
    expect(glLoadFailureReason(bindings, [])).toMatch(
      /^the gl package is installed but its native module was never built .*npm rebuild gl/,
    );
  });

  it(
    'tells an addon another thread loaded (Node refuses ' + 'it: gl is not context-aware) from one that is not built',
    () => {
      const refused = new Error(`Module did not self-register: '${ADDON}'.`);
      const elsewhere = glLoadFailureReason(refused, ['/usr/lib/libGL.so.1', ADDON]);
      expect(elsewhere).toMatch(
        /another thread of this process already loaded it \(\/app\/node_modules\/gl\/build\/Release\/webgl\.node\)/,
      );
      expect(elsewhere).not.toMatch(/never built/);
      // Without /proc/self/maps (macOS, Windows) both causes are named.
      expect(glLoadFailureReason(refused, [])).toMatch(
        /did not register with Node: either another thread .* or it was built for another runtime/,
      );
    },
  );

  it('reads the ABI numbers past the first line and names the rebuild for Node and for Electron', () => {
    const abi = new Error(
      `The module '${ADDON}'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION ` +
        `115. This version of Node.js requires\nNODE_MODULE_VERSION 128. Please try re-compiling ` +
        `or re-installing\nthe module (for instance, using \`npm rebuild\` or \`npm install\`).`,
    );
    expect(glLoadFailureReason(abi, [])).toBe(
      "gl's native module was built for another runtime (NODE_MODULE_VERSION 115; this one needs 128): rebuild it " +
        'for the runtime that loads it (`npm rebuild gl` for Node, `npx electron-rebuild -o gl` for Electron)',
    );
  });

  it('names a missing system library, and passes any other error on', () => {
    expect(
      glLoadFailureReason(new Error('libGLEW.so.2.2: cannot open shared object file: No such file or directory'), []),
    ).toMatch(/the system library libGLEW\.so\.2\.2 it needs is missing/);
    expect(glLoadFailureReason(new Error('boom\nstack'), [])).toBe('the gl package failed to load: boom');
  });
});

/** Requires gl in a new worker thread; resolves to null when it loaded there, else the error message. */
function requireGlInWorker(): Promise<string | null> {
  const code = `const { parentPort, workerData } = require('node:worker_threads');
try { require('node:module').createRequire(workerData.from)('gl'); parentPort.postMessage(null); }
catch (e) { parentPort.postMessage(String(e && e.message)); }`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { from: fileURLToPath(import.meta.url) } });
    worker.once('error', reject);
    worker.once('message', (message: string | null) => void worker.terminate().then(() => resolve(message)));
  });
}

describe('probeHeadlessGL in a process where another thread has loaded gl', () => {
  // The situation of the e2e run: a training worker thread loaded gl, then the server's probe ran in the main thread.
  it('says so instead of "never built"', async (ctx) => {
    const failure = await requireGlInWorker();
    if (failure !== null) ctx.skip(`gl does not load here, so no thread can hold it: ${failure}`);
    const probe = probeHeadlessGL(processEnvironment());
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(
      /^gl's native module is built but another thread of this process already loaded it \(.*webgl\.node\)/,
    );
  });
});
