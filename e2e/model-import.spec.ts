// Importing a TF.js model in browser mode: the Keras tutorial CNN exported as the CLI's export does, then opened
// through Import… and through Open (which offers the import), seen as layers on the canvas and in the status bar,
// then trained from its imported weights on a small sample of the digits.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { exportModel, kerasTutorialCnn } from '../src-engine';
import { projectWithWeights } from '../src-engine/export/export-fixtures.test-support';
import type { BrowserMode } from '../src-main/server/browser-host';
import { openApp } from './app-page';
import { startTestServer, type TestServer } from './test-server';
import { writeExportFolder } from '../src-main/services/export-writer';
import { writeSmallSample } from '../src-main/testing/ml-fixtures';

let mode: BrowserMode;
let server: TestServer | undefined;
let modelJson: string;

test.beforeEach(async () => {
  server = await startTestServer('import', async (folder) => {
    const exported = exportModel('tfjs', projectWithWeights(kerasTutorialCnn(), 3));
    await writeExportFolder(join(folder, 'tutorial-tfjs'), exported.files);
    modelJson = join(folder, 'tutorial-tfjs', 'model.json');
    // 16 digits per class where the services look for the sample: an epoch takes seconds.
    await writeSmallSample(join(folder, 'datasets'), 16);
  });
  ({ mode } = server);
});
test.afterEach(() => server?.close());

/** Opens the app and replaces the first start's tutorial CNN with an empty model. */
async function openEmpty(page: Page): Promise<void> {
  await openApp(page, mode.server.url);
  await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-empty').click();
  await expect(page.getByTestId('summary-total-params')).toHaveText('0');
}

async function choosePath(page: Page, path: string): Promise<void> {
  await expect(page.getByTestId('path-prompt')).toBeVisible();
  await page.getByTestId('path-input').fill(path);
  await page.getByTestId('path-ok').click();
}

async function expectImported(page: Page): Promise<void> {
  await expect(page.locator('.status-bar__model')).toContainText('107,706 params');
  await expect(page.locator('.react-flow__node')).toHaveCount(kerasTutorialCnn().nodes.length);
  await expect(page.getByTestId('project-title')).toContainText('keras_tutorial_cnn');
  await expect(page.getByTestId('dirty-mark')).toBeVisible();
  await expect(page.getByTestId('notice')).toContainText('Imported keras_tutorial_cnn as a new project');
}

test('Import… opens a TF.js model.json as a new, laid-out, unsaved project', async ({ page }) => {
  await openEmpty(page);
  await page.getByTestId('cmd-import').click();
  await choosePath(page, modelJson);
  await expectImported(page);
  await page.screenshot({ path: test.info().outputPath('imported.png') });
});

test('Open on a model.json offers to import it', async ({ page }) => {
  await openEmpty(page);
  await page.getByTestId('cmd-open').click();
  await choosePath(page, modelJson);
  await expect(page.getByTestId('dialog')).toContainText('Import as a new project?');
  await expect(page.getByTestId('dialog')).toContainText('This is a TF.js model: import it');
  await page.getByTestId('dialog-import').click();
  await expectImported(page);
});

test('an imported TF.js model trains; weights for other classes are refused before Start', async ({ page }) => {
  test.setTimeout(5 * 60_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openEmpty(page);
  await page.getByTestId('cmd-import').click();
  await choosePath(page, modelJson);
  await expectImported(page);
  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-data').click();
  await expect(page.getByTestId('dataset-report')).toContainText('160', { timeout: 120_000 });
  await page.getByTestId('dashboard-tab-train').click();
  await page.getByTestId('training-epochs').fill('1');
  await page.getByTestId('training-start').click();
  // The imported weights are trained weights, on other classes than the digits: Start asks, Continue is refused with
  // the reason before anything runs, and Start fresh trains the imported architecture.
  await expect(page.getByTestId('start-choice')).toBeVisible();
  await expect(page.getByTestId('start-choice-classes')).toContainText('trained on other classes (class a, class b');
  await expect(page.getByTestId('start-continue')).toBeDisabled();
  await page.getByTestId('start-fresh').click();
  const progress = page.getByTestId('training-progress');
  await expect(progress).toHaveAttribute('data-phase', /completed|failed|stopped/, { timeout: 4 * 60_000 });
  await expect(progress).toHaveAttribute('data-phase', 'completed');
  await expect(page.getByTestId('run-table')).toContainText('run 1');
  await page.getByTestId('dashboard-tab-evaluate').click();
  await expect(page.getByTestId('evaluation-summary')).toBeVisible({ timeout: 120_000 });
  expect(errors).toEqual([]);
});
