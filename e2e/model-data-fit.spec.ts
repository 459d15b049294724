// A model that does not fit its data is caught before Start: a 3-class image folder against the 10-unit tutorial
// CNN shows the mismatch on the Data tab, in the Problems panel, the status bar and the inspector; the Training tab
// lists it beside an invalid learning rate (50), one click there fixes it, and training starts.
import { expect, test } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BrowserMode } from '../src-main/server/browser-host';
import { openTutorial } from './app-page';
import { startTestServer, type TestServer } from './test-server';

let mode: BrowserMode;
let folder: string;
let server: TestServer | undefined;

test.beforeAll(async () => {
  server = await startTestServer('model-data-fit', async (dataDir) => {
    // Three classes of six 28×28 grayscale images each, each class a different shade.
    for (const [c, name] of ['circle', 'square', 'triangle'].entries()) {
      const dir = join(dataDir, 'shapes', name);
      await mkdir(dir, { recursive: true });
      for (let i = 0; i < 6; i++) {
        const shade = 40 + c * 80 + i * 5;
        await sharp({ create: { width: 28, height: 28, channels: 3, background: { r: shade, g: shade, b: shade } } })
          .toColourspace('b-w')
          .png()
          .toFile(join(dir, `${i}.png`));
      }
    }
  });
  mode = server.mode;
  folder = join(server.dataDir, 'shapes');
});
test.afterAll(() => server?.close());

test('a class-count mismatch is shown and fixed in one click; an invalid setting blocks Start', async ({ page }) => {
  test.setTimeout(5 * 60_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openTutorial(page, mode.server.url);

  await page.getByTestId('view-train').click();
  await page.getByTestId('dataset-choose-folder').click();
  await expect(page.getByTestId('path-prompt')).toBeVisible();
  await page.getByTestId('path-input').fill(folder);
  await page.getByTestId('path-ok').click();

  const mismatch = page.getByTestId('dataset-fit-dataset-classes');
  await expect(mismatch).toContainText('the model outputs 10 classes but the dataset has 3', { timeout: 60_000 });
  await expect(mismatch).toContainText('circle, square, triangle');

  // Start is blocked with the reason.
  await page.getByTestId('dashboard-tab-train').click();
  await expect(page.getByTestId('training-start')).toBeDisabled();
  await expect(page.getByTestId('training-blocked')).toContainText('outputs 10 classes but the dataset has 3');

  // The editor agrees everywhere: the Problems panel lists it, the status bar counts it, the inspector says why.
  await page.getByTestId('view-model').click();
  await page.getByTestId('tab-problems').click();
  await expect(page.getByTestId('problem-dataset-classes')).toContainText('dataset has 3');
  await expect(page.getByTestId('model-status')).toContainText('1 error');
  await expect(page.getByTestId('train-status')).toContainText('cannot be trained');
  await expect(page.getByTestId('train-status')).toContainText('dataset has 3');

  // An invalid learning rate joins the list instead of hiding the mismatch; the "default" hint leaves the field.
  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-train').click();
  const lrField = page.locator('.db-field', { has: page.getByTestId('training-lr') });
  await expect(lrField).toContainText('Keras default for Adam');
  await page.getByTestId('training-lr').fill('50');
  await expect(page.getByTestId('training-start')).toBeDisabled();
  const blocked = page.getByTestId('training-blocked');
  await expect(blocked).toContainText('Learning rate: At most 10');
  await expect(blocked).toContainText('outputs 10 classes but the dataset has 3');
  await expect(lrField).not.toContainText('Keras default for');
  await page.screenshot({ path: test.info().outputPath('start-blockers.png') });

  // The Training tab offers the same one-click fix as the Data tab (an ordinary, undoable edit of the model).
  await blocked.getByRole('button', { name: /units to 3/ }).click();
  await expect(blocked).not.toContainText('classes');
  await expect(page.getByTestId('training-blocked')).toContainText('Learning rate: At most 10');
  await page.getByTestId('dashboard-tab-data').click();
  await expect(page.getByTestId('dataset-fit-ok')).toBeVisible();
  await page.getByTestId('view-model').click();
  await expect(page.getByTestId('model-status')).toContainText('no errors');
  await expect(page.getByTestId('train-status')).toContainText('The model is valid and can be trained.');
  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-train').click();
  await page.getByTestId('training-lr').fill('0.01');
  await page.getByTestId('training-schedule').selectOption('step');
  await expect(page.getByTestId('schedule-preview')).toBeVisible();
  await page.getByTestId('training-epochs').fill('2');
  await expect(page.getByTestId('training-start')).toBeEnabled();
  await page.getByTestId('training-start').click();
  await expect(page.getByTestId('backend-info')).toContainText(/(Running|Ran) on \w+/, { timeout: 120_000 });
  await expect(page.getByTestId('training-error')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('model-data-fit.png') });
  expect(errors).toEqual([]);
});
