// Editing a trained model end to end in browser mode: the tutorial CNN trained one epoch on a small sample; a
// Dense's units changed in the inspector (the preview names the layers whose weights are lost); Evaluate still
// works, with a banner naming the untrained layers; Reset weights drops them. Then New → template after choosing
// another folder brings back the sample digits' report.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import type { BrowserMode } from '../src-main/server/browser-host';
import { writeDigitFolder, writeSmallSample } from '../src-main/testing/ml-fixtures';
import { openApp, shoot } from './app-page';
import { startTestServer, type TestServer } from './test-server';

let mode: BrowserMode;
let dataDir: string;
let server: TestServer | undefined;

test.beforeAll(async () => {
  // 12 digits per class: one epoch takes seconds. A second folder of four classes for the template check.
  server = await startTestServer('edit-trained', async (folder) => {
    await writeSmallSample(join(folder, 'datasets'), 12);
    await writeDigitFolder(join(folder, 'four'), [0, 1, 2, 3], 3);
  });
  ({ mode, dataDir } = server);
});
test.afterAll(() => server?.close());

async function newTutorial(page: Page): Promise<void> {
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-keras-tutorial-cnn').click();
  await discardDialog(page);
}

/** Answers "Discard" when the app asks (unsaved changes, or unsaved work the previous test left to restore). */
async function discardDialog(page: Page): Promise<void> {
  await page
    .getByTestId('dialog-discard')
    .click({ timeout: 3000 })
    .catch(() => undefined);
}

test('edits a trained model: the lost weights are named, Evaluate works, Reset weights drops them', async ({
  page,
}, testInfo) => {
  test.setTimeout(8 * 60_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, mode.server.url);
  await newTutorial(page);
  await expect(page.getByTestId('node-dense')).toBeVisible();

  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-data').click();
  await expect(page.getByTestId('dataset-report')).toContainText('120', { timeout: 120_000 });
  await page.getByTestId('dashboard-tab-train').click();
  await page.getByTestId('training-epochs').fill('1');
  await page.getByTestId('training-start').click();
  await expect(page.getByTestId('training-progress')).toHaveAttribute('data-phase', 'completed', {
    timeout: 5 * 60_000,
  });
  await expect(page.getByTestId('weights-card')).toContainText('Every layer has trained weights');
  await shoot(page, testInfo, '0-trained');

  // Change the hidden Dense's units: its kernel and the output Dense's kernel no longer fit.
  await page.getByTestId('view-model').click();
  await page.getByTestId('node-dense').click();
  await page.getByTestId('param-units').fill('32');
  await expect(page.getByTestId('preview-weights-lost')).toContainText('dense and dense_1');
  await shoot(page, testInfo, '1-preview');
  await page.getByTestId('inspector-apply').click();

  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-evaluate').click();
  await expect(page.getByTestId('untrained-layers')).toContainText('dense and dense_1 are untrained');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('evaluation-summary')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('evaluation-error')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('bug in Filterbank');
  await shoot(page, testInfo, '2-evaluated');

  await page.getByTestId('dashboard-tab-train').click();
  await page.getByTestId('weights-card').getByTestId('reset-weights').click();
  await shoot(page, testInfo, '3-reset-confirm');
  await page.getByTestId('reset-weights-yes').click();
  await expect(page.getByTestId('weights-card')).toContainText('no trained weights');
  await page.getByTestId('dashboard-tab-evaluate').click();
  await expect(page.getByTestId('untrained-layers')).toHaveCount(0);
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('evaluation-error')).toContainText('no trained weights yet');
  expect(errors).toEqual([]);
});

test('New → template after another folder shows the sample digits again', async ({ page }) => {
  test.setTimeout(4 * 60_000);
  await openApp(page, mode.server.url);
  await discardDialog(page);
  await newTutorial(page);
  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-data').click();
  await expect(page.getByTestId('dataset-report')).toContainText('120', { timeout: 120_000 });
  await page.getByTestId('dataset-choose-folder').click();
  await page.getByTestId('path-input').fill(join(dataDir, 'four'));
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('dashboard-tab-data')).toContainText('4 classes', { timeout: 60_000 });

  await newTutorial(page);
  await expect(page.getByTestId('dashboard-tab-data')).toContainText('10 classes', { timeout: 60_000 });
  await expect(page.getByTestId('dataset-report')).toContainText('120');
});
