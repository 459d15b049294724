// The run table end to end in browser mode: two short runs of the tutorial CNN on a small sample, both listed;
// ticked together they are overlaid on the curves; one is renamed; the CSV and PNG downloads hold both; the project
// is saved, another opened, and reopening it brings the table back.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserMode } from '../src-main/server/browser-host';
import { writeSmallSample } from '../src-main/testing/ml-fixtures';
import { openTutorial, shoot } from './app-page';
import { startTestServer, type TestServer } from './test-server';

let mode: BrowserMode;
let dataDir: string;
let server: TestServer | undefined;

test.beforeAll(async () => {
  // 12 digits per class: one epoch takes seconds.
  server = await startTestServer('run-history', (folder) =>
    writeSmallSample(join(folder, 'datasets'), 12).then(() => {}),
  );
  ({ mode, dataDir } = server);
});
test.afterAll(() => server?.close());

/** The Training page at the two window sizes the layout is made for. */
async function shootBothSizes(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    await shoot(page, testInfo, `${name}-${width}x${height}`);
  }
}

async function train(page: Page, runs: number, epochs: number): Promise<void> {
  // Trained weights would make Start ask whether to continue them: each run here starts from fresh weights.
  if (runs > 1) {
    const card = page.getByTestId('weights-card');
    await card.getByTestId('reset-weights').click();
    await card.getByTestId('reset-weights-yes').click();
  }
  await page.getByTestId('training-epochs').fill(String(epochs));
  await page.getByTestId('training-start').click();
  await expect(page.getByTestId('run-row')).toHaveCount(runs, { timeout: 60_000 });
  await expect(page.getByTestId('training-progress')).toHaveAttribute('data-phase', 'completed', {
    timeout: 5 * 60_000,
  });
}

async function download(page: Page, testId: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFile(await file.path());
}

test('keeps every run, overlays ticked runs, renames, exports CSV and PNG, saves the table', async ({
  page,
}, testInfo) => {
  test.setTimeout(10 * 60_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openTutorial(page, mode.server.url);
  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-data').click();
  await expect(page.getByTestId('dataset-report')).toContainText('120', { timeout: 120_000 });
  await page.getByTestId('dashboard-tab-train').click();

  await train(page, 1, 1);
  await shootBothSizes(page, testInfo, '1-first-run');
  // The second run's learning rate follows a cosine schedule: the curves get a learning-rate chart.
  await page.getByTestId('training-schedule').selectOption('cosine');
  await train(page, 2, 2);
  const rows = page.getByTestId('run-row');
  // Newest first.
  await expect(rows.getByTestId('run-name')).toHaveText(['run 2', 'run 1']);
  await expect(rows.getByTestId('run-state')).toHaveText(['completed', 'completed']);
  await expect(rows.nth(0)).toContainText('2/2');
  await expect(page.getByTestId('live-maps').locator('canvas').first()).toBeVisible();
  await shootBothSizes(page, testInfo, '2-two-runs');

  // Ticking runs draws them together: a training and a validation series per run, named in the legend.
  await rows.getByTestId('run-select').nth(0).check();
  await rows.getByTestId('run-select').nth(1).check();
  const loss = page.getByTestId('curve-loss');
  await expect(loss).toHaveAttribute('data-overlay', 'true');
  await expect(loss).toHaveAttribute('data-runs', '2');
  await expect(loss).toHaveAttribute('data-series', '4');
  await expect(loss.locator('.u-legend')).toContainText('run 1 loss');
  await expect(loss.locator('.u-legend')).toContainText('run 2 val_loss');
  await expect(page.getByTestId('curve-lr')).toHaveAttribute('data-series', '1');

  await rows.nth(1).getByTestId('run-rename').click();
  await page.getByTestId('run-rename-input').fill('baseline');
  await page.getByTestId('run-rename-input').press('Enter');
  await expect(rows.getByTestId('run-name')).toHaveText(['run 2', 'baseline']);
  await expect(loss.locator('.u-legend')).toContainText('baseline loss');
  await shootBothSizes(page, testInfo, '3-overlay');

  const csv = (await download(page, 'curves-export-csv')).toString('utf8').trim().split('\n');
  // The lr column is there when the engine logs each epoch's learning rate.
  expect(csv[0]).toBe('run,epoch,loss,accuracy,val_loss,val_accuracy,lr');
  expect(csv.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
    'baseline,1',
    'run 2,1',
    'run 2,2',
  ]);
  const png = await download(page, 'curves-export-png');
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.length).toBeGreaterThan(5000);
  await writeFile(testInfo.outputPath('curves-export.png'), png);

  // Unticking returns the curves to the live run.
  await page.getByTestId('curves-show-live').click();
  await expect(loss).not.toHaveAttribute('data-overlay', 'true');
  await expect(rows.getByTestId('run-select').nth(0)).not.toBeChecked();
  await expect(page.getByTestId('curves-runs')).toContainText('run 2 (adam, lr 0.001)');
  await expect(page.getByTestId('curves-runs')).toContainText('baseline (adam, lr 0.001) (dimmed)');

  const file = join(dataDir, 'runs.filterbank.json');
  await page.getByTestId('cmd-save-as').click();
  await page.getByTestId('path-input').fill(file);
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
  const saved = JSON.parse(await readFile(file, 'utf8')) as { runs: Array<{ name: string | null; epochs: unknown[] }> };
  expect(saved.runs.map((r) => [r.name, r.epochs.length])).toEqual([
    ['baseline', 1],
    [null, 2],
  ]);

  // Another project empties the table; reopening this one brings it back.
  await page.getByTestId('view-model').click();
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-keras-tutorial-cnn').click();
  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-train').click();
  await expect(page.getByTestId('run-row')).toHaveCount(0);
  await page.getByTestId('cmd-open').click();
  await page.getByTestId('path-input').fill(file);
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('project-title')).toHaveText('runs.filterbank.json');
  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-train').click();
  await expect(page.getByTestId('run-row').getByTestId('run-name')).toHaveText(['run 2', 'baseline']);
  expect(errors).toEqual([]);
});
