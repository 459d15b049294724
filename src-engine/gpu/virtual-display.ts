import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

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

export function hasXvfb(): boolean {
  return spawnSync('sh', ['-c', 'command -v Xvfb'], { stdio: 'ignore' }).status === 0;
}

const START_TIMEOUT_MS = 10_000;

/** Starts Xvfb on a free display number (it picks one and reports it through -displayfd). */
export function startVirtualDisplay(): Promise<VirtualDisplay> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '64x64x24', '-nolisten', 'tcp'], {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      });
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
      reject(new Error(`Xvfb could not be started (apt-get install xvfb): ${error.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with code ${code}: ${stderr.trim()}`));
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
          child.ref(); // keeps this process alive until Xvfb's exit is reaped
          child.kill();
        });
      resolve({ display: `:${out.trim()}`, stop });
    });
  });
}

/**
 * Makes sure this process has an X display for headless-gl: keeps an existing DISPLAY, otherwise starts
 * Xvfb and sets DISPLAY. Returns null (and changes nothing) off Linux or where Xvfb is not installed.
 */
export async function ensureDisplay(): Promise<VirtualDisplay | null> {
  if (process.platform !== 'linux' || process.env.DISPLAY) return null;
  if (!hasXvfb()) return null;
  const virtual = await startVirtualDisplay();
  process.env.DISPLAY = virtual.display;
  return {
    display: virtual.display,
    stop: async () => {
      await virtual.stop();
      if (process.env.DISPLAY === virtual.display) delete process.env.DISPLAY;
    },
  };
}
