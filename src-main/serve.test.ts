// `npm run serve` argument handling: --root names the only folder browser mode may use.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const serve = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./serve.ts', import.meta.url)), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('npm run serve', () => {
  it('documents --root, and refuses a --root that is not a folder with status 2', () => {
    expect(serve('--help').stdout).toMatch(
      /--root\s+the only folder the browser may open, save and list in \(default: your home folder\)/,
    );
    const missing = serve('--root', '/no/such/filterbank-root', '--no-build');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(
      /^--root must name an existing folder, and \/no\/such\/filterbank-root is not one\./,
    );
  });
});
