// The desktop app end to end through Playwright's Electron driver. Skips itself, with the reason, where
// Electron cannot run (no binary in node_modules/electron/dist, no display).
import { _electron as electron, expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { electronProblem } from '../scripts/start.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Containers often run tests as root, where Chromium's sandbox cannot start; only then is it disabled.
const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
const problem = electronProblem(asRoot ? { ...process.env, NO_SANDBOX: '1' } : process.env);

test.skip(problem !== null, problem ?? '');

test('the app window opens sandboxed, connects through the preload bridge and shows app:info', async () => {
  const app = await electron.launch({ args: [root, ...(asRoot ? ['--no-sandbox'] : [])], cwd: root });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open');
    await expect(page.getByTestId('app-host')).toContainText('Desktop app (Electron');
    expect(page.url()).toBe('filterbank://app/index.html');
    const exposed = await page.evaluate(() => ({
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
      bridge: Object.keys((globalThis as unknown as Record<string, object | undefined>).filterbank ?? {}).sort(),
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'on', 'send'] });
    const unknown = await page.evaluate(() =>
      (globalThis as unknown as { filterbank: { invoke(c: string, p: unknown): Promise<unknown> } }).filterbank.invoke(
        'fs:readAnything',
        {},
      ),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    const malformed = await page.evaluate(() =>
      (globalThis as unknown as { filterbank: { invoke(c: string, p: unknown): Promise<unknown> } }).filterbank.invoke(
        'files:list',
        { path: 42 },
      ),
    );
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    // Navigation away from the app is blocked.
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('filterbank://app/index.html');
  } finally {
    await app.close();
  }
});
