// scripts/start.mjs (`npm start`) where Electron cannot run: one clear line, exit code 1, no stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'filterbank-start-'));
  await mkdir(join(dir, 'no-binary'));
  await writeFile(join(dir, 'no-binary', 'package.json'), JSON.stringify({ version: '45.5.0' }));
  await mkdir(join(dir, 'with-binary', 'dist'), { recursive: true });
  await writeFile(join(dir, 'with-binary', 'package.json'), JSON.stringify({ version: '45.5.0' }));
  await writeFile(join(dir, 'with-binary', 'path.txt'), 'electron');
  await writeFile(join(dir, 'with-binary', 'dist', 'electron'), '');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function start(electronPackage: string, env: Record<string, string | undefined> = {}) {
  const result = spawnSync(process.execPath, [script], {
    env: { ...process.env, DISPLAY: ':0', FILTERBANK_ELECTRON_PACKAGE: electronPackage, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, lines: result.stderr.trim().split('\n') };
}

describe('npm start without a usable Electron', () => {
  it('says in one line that the binary is missing, how to get it, and offers browser mode', () => {
    const { status, stdout, lines } = start(join(dir, 'no-binary'));
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Electron 45\.5\.0's binary is missing/);
    expect(lines[0]).toContain('node node_modules/electron/install.js');
    expect(lines[0]).toContain('npm run serve');
  });

  it('says so when Electron is not installed at all', () => {
    const { status, lines } = start(join(dir, 'nothing-here'));
    expect(status).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^Electron is not installed .*npm run serve/)]);
  });

  it.runIf(process.platform === 'linux')('says so when there is no display', () => {
    const { status, lines } = start(join(dir, 'with-binary'), { DISPLAY: undefined, WAYLAND_DISPLAY: undefined });
    expect(status).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^No display for Electron .*xvfb-run npm start.*npm run serve/)]);
  });

  it.runIf(process.platform === 'linux' && process.getuid?.() === 0)(
    'says so when run as root with the sandbox on',
    () => {
      const { status, lines } = start(join(dir, 'with-binary'), { NO_SANDBOX: undefined });
      expect(status).toBe(1);
      expect(lines).toEqual([
        expect.stringMatching(/^Electron will not run as root with its sandbox on.*npm run serve/),
      ]);
    },
  );
});
