import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WEBGPU_MIN_GLIBC } from '../../detect/webgpu-probe';
import { compareVersions } from '../../detect/environment';
import type { WebGpuPage } from './chromium';
import { ANSWER_MARKER, type DawnHarness } from './dawn-checks';

export interface DawnSession extends Omit<WebGpuPage, 'call'> {
  call<K extends keyof DawnHarness>(
    name: K,
    ...args: Parameters<DawnHarness[K]>
  ): Promise<Awaited<ReturnType<DawnHarness[K]>>>;
}

/**
 * The kernel harness in a Node process over Dawn's Node build (the `webgpu` package), the path a GPU user's
 * training actually takes. Dawn needs glibc ≥ 2.38; where the system's is older (Debian 12 has 2.36), Node is
 * started through the dynamic loader of a private glibc (Debian 13's libc6, libstdc++6 and libgcc-s1 unpacked
 * into a folder by `scripts/fetch-private-glibc.sh`, never into /). On a machine without a GPU, Mesa's lavapipe
 * (Vulkan on the CPU, `mesa-vulkan-drivers`) is the adapter.
 */

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
/** Where `scripts/fetch-private-glibc.sh` puts the libraries by default (git-ignored). */
export const DEFAULT_PRIVATE_GLIBC = `${REPO}.cache/private-glibc`;
const LAVAPIPE_ICD = '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json';

function systemGlibc(): string | null {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ?? null;
}

/** The command that starts Node able to load dawn.node, or the reason there is none. */
export function dawnNodeCommand(
  privateGlibc = process.env.FILTERBANK_PRIVATE_GLIBC ?? DEFAULT_PRIVATE_GLIBC,
): string[] | string {
  if (process.platform !== 'linux') return [process.execPath];
  const glibc = systemGlibc();
  if (glibc && compareVersions(glibc, WEBGPU_MIN_GLIBC) >= 0) return [process.execPath];
  const libs = `${privateGlibc}/usr/lib/x86_64-linux-gnu`;
  const loader = `${libs}/ld-linux-x86-64.so.2`;
  if (!existsSync(loader)) {
    return (
      `this system has glibc ${glibc ?? 'unknown'} and Dawn needs ${WEBGPU_MIN_GLIBC}; no private glibc at ` +
      `${privateGlibc} (run scripts/fetch-private-glibc.sh)`
    );
  }
  return [loader, '--library-path', libs, process.execPath];
}

/** The harness over Dawn, or the reason it cannot run here. Calls are answered in order, one at a time. */
export async function openDawnHarness(): Promise<DawnSession | string> {
  const command = dawnNodeCommand();
  if (typeof command === 'string') return command;
  const entry = fileURLToPath(new URL('./dawn-entry.ts', import.meta.url));
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' };
  // Without a GPU driver, pin lavapipe: other Mesa ICDs (intel, radeon) only print probe noise here.
  if (
    !process.env.VK_ICD_FILENAMES &&
    existsSync(LAVAPIPE_ICD) &&
    !existsSync('/dev/dri') &&
    !existsSync('/dev/nvidia0')
  )
    env.VK_ICD_FILENAMES = LAVAPIPE_ICD;
  const child = spawn(command[0]!, [...command.slice(1), '--expose-gc', '--import', 'tsx', entry], {
    cwd: REPO,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let exited: string | null = null;
  child.on('exit', (code, signal) => {
    exited =
      `the Dawn harness process ended (${signal ?? `status ${code}`}): ` +
      `${stderr.trim().split('\n').slice(-3).join(' | ') || 'no output'}`;
    for (const p of pending.values()) p.reject(new Error(exited));
    pending.clear();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith(ANSWER_MARKER)) return;
    const message = JSON.parse(line.slice(ANSWER_MARKER.length)) as {
      id: number;
      ok: boolean;
      value?: unknown;
      error?: string;
    };
    const p = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) p?.resolve(message.value);
    else p?.reject(new Error(message.error));
  });
  let nextId = 0;
  const call: DawnSession['call'] = (name, ...args) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(exited));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.stdin.write(`${JSON.stringify({ id, name, args })}\n`);
    });
  const close = async () => {
    if (exited) return;
    const ended = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await ended;
    clearTimeout(timer);
  };
  let adapter: string;
  try {
    adapter = await call('adapterInfo');
  } catch (error) {
    await close();
    return `Dawn could not start: ${(error as Error).message}`;
  }
  if (adapter === 'none') {
    await close();
    return (
      'Dawn found no WebGPU adapter (install a Vulkan driver; ' +
      'without a GPU, mesa-vulkan-drivers provides lavapipe)'
    );
  }
  return { adapter, call, close };
}
