import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * headless-gl on Linux needs an X server. Where none is set (CI, SSH sessions), an Xvfb started here
 * gives it one with Mesa's software rasteriser — what `xvfb-run -a` does, without wrapping the command.
 */
export interface VirtualDisplay {
  /** The DISPLAY value, e.g. ":99". */
  display: string;
  /** Ends Xvfb and waits for it to exit (so it is reaped, not left a zombie). */
  stop(): Promise<void>;
}

/** Why a test that trains through headless-gl in a child process cannot run here, or null (the child starts Xvfb). */
export function headlessGlSkipReason(): string | null {
  try {
    createRequire(import.meta.url).resolve('gl');
  } catch {
    return 'the optional gl package is not installed (see README: headless-gl build dependencies)';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !hasXvfb())
    return 'no X display and no Xvfb (apt-get install xvfb)';
  return null;
}

export function hasXvfb(): boolean {
  return spawnSync('sh', ['-c', 'command -v Xvfb'], { stdio: 'ignore' }).status === 0;
}

const START_TIMEOUT_MS = 10_000;

/**
 * Starts Xvfb on a free display number (it picks one and reports it through -displayfd). A small shell
 * loop watches this process and ends Xvfb once it is gone, however it ends (test runners kill their
 * workers rather than letting 'exit' handlers run).
 */
export function startVirtualDisplay(): Promise<VirtualDisplay> {
  const watch =
    'Xvfb -displayfd 3 -screen 0 64x64x24 -nolisten tcp & x=$!; ' +
    "trap 'kill $x 2>/dev/null' TERM; " +
    `while kill -0 ${process.pid} 2>/dev/null && kill -0 $x 2>/dev/null; do sleep 1; done; ` +
    'kill $x 2>/dev/null; wait $x';
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn('sh', ['-c', watch], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    let stderr = '';
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Xvfb did not report a display within ${START_TIMEOUT_MS / 1000} s: ${stderr.trim()}`));
    }, START_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb could not be started: ${error.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `Xvfb exited with code ${code} before reporting a display (apt-get install xvfb xauth): ${stderr.trim()}`,
        ),
      );
    });
    const fd3 = child.stdio[3] as NodeJS.ReadableStream | null;
    fd3?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.unref();
      (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
      (fd3 as unknown as { unref?: () => void }).unref?.();
      const stop = (): Promise<void> =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.ref(); // keeps this process alive until the watcher (and Xvfb) have exited
          child.kill();
        });
      resolve({ display: `:${out.trim()}`, stop });
    });
  });
}

let shared: Promise<string | null> | null = null;

/**
 * Makes sure this process has an X display for headless-gl and returns its name: DISPLAY if set,
 * otherwise an Xvfb started once for the whole process (DISPLAY is set to it; it ends after the process
 * does). It is never stopped earlier because gpu.js keeps a GL context on it for the process'
 * lifetime, and a context whose X server goes away takes the process down with it. Returns null (and
 * changes nothing) off Linux or where Xvfb is not installed.
 */
export function ensureDisplay(): Promise<string | null> {
  if (process.platform !== 'linux') return Promise.resolve(null);
  if (process.env.DISPLAY) return Promise.resolve(process.env.DISPLAY);
  shared ??= (async () => {
    if (!hasXvfb()) return null;
    const virtual = await startVirtualDisplay();
    process.env.DISPLAY = virtual.display;
    return virtual.display;
  })();
  return shared;
}
