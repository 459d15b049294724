// headless-gl in the app, end to end in browser mode: the tutorial CNN trained through gpu.js' GL kernels in a
// child process of its own (forced: on Mesa's software rasteriser auto rightly prefers webasm), then the same run
// on the reference engine; both from the same seed, their losses must agree.
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { headlessGlSkipReason } from '../src-engine/backends/virtual-display';
import type { BrowserMode } from '../src-main/server/browser-host';
import { newFromTemplate, openApp } from './app-page';
import { startTestServer, type TestServer } from './test-server';
import { writeSmallSample } from '../src-main/testing/ml-fixtures';

let mode: BrowserMode;
let dataDir: string;
let server: TestServer | undefined;

test.beforeAll(async () => {
  if (headlessGlSkipReason()) return;
  server = await startTestServer('gl', async (folder) => {
    // 12 digits per class: one epoch of GL kernels on a software rasteriser stays within seconds.
    await writeSmallSample(join(folder, 'datasets'), 12);
  });
  ({ mode, dataDir } = server);
});
test.afterAll(() => server?.close());

async function trainOneEpoch(page: Page, backend: string, file: string): Promise<{ loss: number; valLoss: number }> {
  await page.getByTestId('view-model').click();
  await newFromTemplate(page);
  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-data').click();
  await expect(page.getByTestId('dataset-report')).toContainText('120', { timeout: 60_000 });
  await page.getByTestId('dashboard-tab-train').click();
  const select = page.getByTestId('training-backend');
  await expect(select.locator(`option[value="${backend}"]`)).toBeEnabled({ timeout: 60_000 });
  // Why auto does or does not take headless-gl is said in the list, not only on hover.
  await expect(page.locator('.backend-list')).toContainText(
    /headlessgl\s*available · (auto prefers webasm: this GL is a software rasteriser|chosen by Automatic)/,
  );
  await select.selectOption(backend);
  await page.getByTestId('training-epochs').fill('1');
  await page.getByTestId('training-start').click();
  await expect(page.getByTestId('training-progress')).toHaveAttribute('data-phase', 'completed', {
    timeout: 5 * 60_000,
  });
  await expect(page.getByTestId('backend-info')).toContainText(`Ran on ${backend === 'reference' ? '' : backend}`);
  await page.getByTestId('cmd-save-as').click();
  await page.getByTestId('path-input').fill(file);
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
  const saved = JSON.parse(await readFile(file, 'utf8')) as { history: { loss: number; valLoss: number }[] };
  expect(saved.history).toHaveLength(1);
  return saved.history[0]!;
}

test('trains the tutorial CNN through headless-gl in its own process, as the reference engine does', async ({
  page,
}) => {
  const missing = headlessGlSkipReason();
  test.skip(missing !== null, missing ?? '');
  test.setTimeout(10 * 60_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, mode.server.url);

  const gl = await trainOneEpoch(page, 'headlessgl', join(dataDir, 'gl.filterbank.json'));
  const reference = await trainOneEpoch(page, 'reference', join(dataDir, 'reference.filterbank.json'));
  expect(Math.abs(gl.loss - reference.loss) / reference.loss).toBeLessThan(1e-3);
  expect(Math.abs(gl.valLoss - reference.valLoss) / reference.valLoss).toBeLessThan(1e-3);
  expect(errors).toEqual([]);
});
