// Runs you never lose, end to end in browser mode on a small sample of the digits: Start on a trained model asks
// whether to continue (the epoch count goes on) or start fresh (epoch 1 again); and a deliberately bad run (SGD at
// learning rate 8) after a good one is undone with one click, the evaluation back where it was; any epoch of an
// earlier run is restored from the run table.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import type { BrowserMode } from '../src-main/server/browser-host';
import { writeSmallSample } from '../src-main/testing/ml-fixtures';
import { openApp, shoot } from './app-page';
import { startTestServer, type TestServer } from './test-server';

let mode: BrowserMode;
let server: TestServer | undefined;

// A server per test: the first test's unsaved trained project would otherwise greet the second as a recovery offer.
test.beforeEach(async () => {
  // 16 digits per class: an epoch takes seconds on the reference engine.
  server = await startTestServer('runs', async (folder) => {
    await writeSmallSample(join(folder, 'datasets'), 16);
  });
  ({ mode } = server);
});
test.afterEach(() => server?.close());

async function openTutorial(page: Page): Promise<void> {
  await openApp(page, mode.server.url);
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-keras-tutorial-cnn').click();
  const discard = page.getByTestId('dialog-discard');
  if (await discard.isVisible().catch(() => false)) await discard.click();
  await expect(page.getByTestId('node-dense')).toBeVisible();
  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-data').click();
  await expect(page.getByTestId('dataset-report')).toContainText('160', { timeout: 120_000 });
  await page.getByTestId('dashboard-tab-train').click();
}

async function finished(page: Page): Promise<void> {
  await expect(page.getByTestId('training-progress')).toHaveAttribute('data-phase', /completed|failed/, {
    timeout: 5 * 60_000,
  });
}

async function evaluatedAccuracy(page: Page): Promise<string> {
  await page.getByTestId('dashboard-tab-evaluate').click();
  const summary = page.getByTestId('evaluation-summary');
  await expect(summary).toBeVisible({ timeout: 120_000 });
  const accuracy = (await summary.locator('.stats__value').first().textContent()) ?? '';
  await page.getByTestId('dashboard-tab-train').click();
  return accuracy;
}

test('Start on a trained model asks: Continue counts epochs on, Start fresh begins at epoch 1', async ({
  page,
}, testInfo) => {
  test.setTimeout(8 * 60_000);
  await openTutorial(page);
  await page.getByTestId('training-epochs').fill('1');
  await page.getByTestId('training-start').click();
  await finished(page);
  await expect(page.getByTestId('training-progress')).toContainText('epoch 1/1');

  await page.getByTestId('training-start').click();
  await expect(page.getByTestId('start-choice')).toContainText('trained 1 epoch');
  await shoot(page, testInfo, '1-continue-or-fresh');
  await page.getByTestId('start-continue').click();
  await finished(page);
  await expect(page.getByTestId('training-progress')).toHaveAttribute('data-phase', 'completed');
  await expect(page.getByTestId('training-progress')).toContainText('epoch 2/2');
  await expect(page.getByTestId('restore-epoch-select')).toContainText('Epoch 2');

  await page.getByTestId('training-start').click();
  await expect(page.getByTestId('start-choice')).toContainText('trained 2 epochs');
  await page.getByTestId('start-fresh').click();
  await finished(page);
  await expect(page.getByTestId('training-progress')).toContainText('epoch 1/1');
  await expect(page.getByTestId('start-choice')).toHaveCount(0);
});

test('a bad run after a good one is undone with one click', async ({ page }, testInfo) => {
  test.setTimeout(8 * 60_000);
  await openTutorial(page);
  await page.getByTestId('training-epochs').fill('2');
  await page.getByTestId('training-start').click();
  await finished(page);
  const good = await evaluatedAccuracy(page);

  await page.getByTestId('training-optimizer').selectOption('sgd');
  await page.getByTestId('training-lr').fill('8');
  await page.getByTestId('training-epochs').fill('1');
  await page.getByTestId('training-start').click();
  await page.getByTestId('start-continue').click();
  await finished(page);

  await shoot(page, testInfo, '2-after-bad-run');
  await page.getByTestId('restore-before').click();
  await expect(page.getByTestId('restore-status')).toContainText('the weights from before run 2');
  // The restore evaluates the restored weights: the same weights on the same images give the same accuracy.
  await page.getByTestId('dashboard-tab-evaluate').click();
  await expect(page.getByTestId('evaluation-summary').locator('.stats__value').first()).toHaveText(good, {
    timeout: 120_000,
  });
  await expect(page.locator('body')).not.toContainText('bug in Filterbank');

  // Any epoch of an earlier run of this session, from the run table, named as the table names the run.
  await page.getByTestId('dashboard-tab-train').click();
  const rows = page.getByTestId('run-row');
  const first = rows.filter({ has: page.getByTestId('run-name').getByText('run 1', { exact: true }) });
  await first.getByTestId('run-restore-select').selectOption('epoch:0');
  await expect(page.getByTestId('restore-status')).toContainText('epoch 1 of run 1');
  await first.getByTestId('run-restore-select').selectOption('best:val_loss');
  await expect(page.getByTestId('restore-status')).toContainText(/epoch \d of run 1 \(lowest val_loss\)/);
  await shoot(page, testInfo, '3-restored-from-table');
});
