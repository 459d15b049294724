// Export… in browser mode: a trained project exported in every format into a folder under the server's root, the
// TF.js export loaded with @tensorflow/tfjs in this process and compared with Filterbank's own prediction; an
// untrained model offers only the formats that need no weights; a second export asks before replacing the files it
// writes and keeps the user's other files in the folder.
import { expect, test, type Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kerasTutorialCnn, parseProjectFile, serializeProjectFile, type ExportFile } from '../src-engine';
import { filterbankPredict, projectWithWeights, randomInputs } from '../src-engine/export/export-fixtures.test-support';
import { loadLayersModelFromFiles, maxAbsDiff } from '../src-engine/export/tfjs-loader.test-support';
import type { BrowserMode } from '../src-main/server/browser-host';
import { openApp } from './app-page';
import { startTestServer, type TestServer } from './test-server';

let mode: BrowserMode;
let dataDir: string;
let server: TestServer | undefined;

test.beforeEach(async () => {
  server = await startTestServer('export', async (folder) => {
    const project = projectWithWeights(kerasTutorialCnn(), 3);
    await writeFile(join(folder, 'trained.filterbank.json'), serializeProjectFile(project));
    await mkdir(join(folder, 'exports'));
  });
  ({ mode, dataDir } = server);
});
test.afterEach(() => server?.close());

async function start(page: Page): Promise<void> {
  await openApp(page, mode.server.url);
  await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
}

async function choosePath(page: Page, path: string): Promise<void> {
  await expect(page.getByTestId('path-prompt')).toBeVisible();
  await page.getByTestId('path-input').fill(path);
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('path-prompt')).toBeHidden();
}

/** Exports in `format` as `name` through the dialog; returns the paths the dialog lists as written. */
async function exportAs(page: Page, format: string, name: string, folder?: string): Promise<string[]> {
  await page.getByTestId('cmd-export').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId(`export-format-${format}`).check();
  await dialog.getByTestId('export-name').fill(name);
  if (folder) {
    await dialog.getByTestId('export-choose-folder').click();
    await choosePath(page, folder);
    await expect(dialog.getByTestId('export-folder')).toHaveText(folder);
  }
  await dialog.getByTestId('export-run').click();
  return written(page);
}

async function written(page: Page): Promise<string[]> {
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog.getByTestId('export-files')).toBeVisible();
  const files = await dialog.getByTestId('export-file').locator('.mono').allTextContents();
  await dialog.getByTestId('export-done').click();
  await expect(dialog).toBeHidden();
  return files;
}

const isFile = async (path: string) => (await stat(path)).isFile();

test('exports a trained model in every format; the TF.js export predicts as Filterbank does', async ({ page }) => {
  const folder = join(dataDir, 'exports');
  await start(page);
  await page.getByTestId('cmd-open').click();
  await choosePath(page, join(dataDir, 'trained.filterbank.json'));
  await expect(page.getByTestId('project-title')).toContainText('trained');

  // Ctrl+E opens the dialog too; every format is offered, TF.js first, with how to load it.
  await page.keyboard.press('Control+e');
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog.getByTestId('export-format-tfjs')).toBeChecked();
  for (const f of ['tfjs', 'typescript', 'keras', 'project'])
    await expect(dialog.getByTestId(`export-format-${f}`)).toBeEnabled();
  await expect(dialog.getByTestId('export-snippet')).toContainText("'file:///");
  await expect(dialog.getByTestId('export-snippet')).toContainText('const model = await tf.loadLayersModel(url);');
  await page.screenshot({ path: test.info().outputPath('trained.png') });
  // A name the contract refuses is shown on the field and blocks Export.
  await dialog.getByTestId('export-name').fill('a/b');
  await expect(dialog.getByTestId('export-name-error')).toContainText('must be a plain file name');
  await expect(dialog.getByTestId('export-run')).toBeDisabled();
  await expect(dialog.getByTestId('export-snippet')).toHaveCount(0);
  await dialog.getByTestId('export-cancel').click();

  // Each path written can be copied.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('cmd-export').click();
  await page.getByTestId('export-name').fill('digits-tfjs');
  await page.getByTestId('export-choose-folder').click();
  await choosePath(page, folder);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-file')).toHaveCount(3);
  // Show in folder is the desktop app's: browser mode has no file manager to open.
  await expect(page.getByTestId('export-reveal')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('written.png') });
  await page.getByTestId('export-file').first().getByRole('button', { name: 'Copy' }).click();
  const copied = String(await page.evaluate('navigator.clipboard.readText()'));
  await expect(page.getByTestId('export-copied')).toHaveText(`Copied ${copied}`);
  const tfjsFiles = await written(page);
  expect(copied).toBe(tfjsFiles[0]);
  expect(tfjsFiles.map((p) => p.slice(folder.length + 1)).sort()).toEqual([
    'digits-tfjs/filterbank.json',
    'digits-tfjs/group1-shard1of1.bin',
    'digits-tfjs/model.json',
  ]);
  // The folder is remembered for the session.
  const tsFiles = await exportAs(page, 'typescript', 'digits-ts');
  expect(tsFiles).toContain(join(folder, 'digits-ts', 'model.ts'));
  await page.getByTestId('cmd-export').click();
  await page.getByTestId('export-format-keras').check();
  await page.getByTestId('export-strategy').selectOption('mirrored');
  await expect(page.getByTestId('export-command')).toHaveText(
    `python3 ${join(folder, 'keras_tutorial_cnn', 'keras_tutorial_cnn.py')} --data IMAGES_FOLDER --strategy mirrored`,
  );
  await page.getByTestId('export-cancel').click();
  const kerasFiles = await exportAs(page, 'keras', 'digits-keras');
  expect(kerasFiles).toEqual([join(folder, 'digits-keras', 'keras_tutorial_cnn.py')]);
  const projectFiles = await exportAs(page, 'project', 'digits');
  expect(projectFiles).toEqual([join(folder, 'digits.filterbank.json')]);
  for (const path of [...tfjsFiles, ...tsFiles, ...kerasFiles, ...projectFiles]) expect(await isFile(path)).toBe(true);

  // The TF.js model, read back from disk, predicts as Filterbank's engine does with the exported project.
  await tf.setBackend('cpu');
  const exportDir = join(folder, 'digits-tfjs');
  const files: ExportFile[] = await Promise.all(
    (await readdir(exportDir)).map(async (path) => ({
      path,
      bytes: new Uint8Array(await readFile(join(exportDir, path))),
    })),
  );
  const loaded = await loadLayersModelFromFiles(files);
  const x = randomInputs([28, 28, 1], 2, 11);
  const theirs = (await (loaded.predict(tf.tensor(x, [2, 28, 28, 1])) as tf.Tensor).data()) as Float32Array;
  const project = parseProjectFile(await readFile(projectFiles[0], 'utf8'));
  const ours = await filterbankPredict(project, x, 2);
  expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-4);
});

test('an untrained model offers the Keras script and the project file, and says why TF.js needs weights', async ({
  page,
}) => {
  await start(page);
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-keras-tutorial-cnn').click();
  await page.getByTestId('cmd-export').click();
  const dialog = page.getByTestId('export-dialog');
  for (const f of ['tfjs', 'typescript']) {
    await expect(dialog.getByTestId(`export-format-${f}`)).toBeDisabled();
    await expect(dialog.getByTestId(`export-refusal-${f}`)).toContainText('has not been trained yet');
  }
  await expect(dialog.getByTestId('export-refusal-tfjs')).toContainText('Train it on the Training page first');
  await expect(dialog.getByTestId('export-format-keras')).toBeChecked();
  await page.screenshot({ path: test.info().outputPath('untrained.png') });
  await dialog.getByTestId('export-choose-folder').click();
  await choosePath(page, join(dataDir, 'exports'));
  await dialog.getByTestId('export-run').click();
  expect(await written(page)).toEqual([join(dataDir, 'exports', 'keras_tutorial_cnn', 'keras_tutorial_cnn.py')]);
});

test('exporting over an earlier export asks first, then replaces it', async ({ page }) => {
  const folder = join(dataDir, 'exports');
  await start(page);
  const [first] = await exportAs(page, 'project', 'again', folder);
  const before = await readFile(first, 'utf8');
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-lenet5').click();

  await page.getByTestId('cmd-export').click();
  await page.getByTestId('export-format-project').check();
  await page.getByTestId('export-name').fill('again');
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('dialog')).toContainText('Replace 1 existing file?');
  await expect(page.getByTestId('dialog')).toContainText(`${first} already exists`);
  await page.getByTestId('dialog-cancel').click();
  await expect(page.getByTestId('export-error')).toBeHidden();
  expect(await readFile(first, 'utf8')).toBe(before);

  await page.getByTestId('export-run').click();
  await page.getByTestId('dialog-replace').click();
  expect(await written(page)).toEqual([first]);
  expect(parseProjectFile(await readFile(first, 'utf8')).graph.name).not.toBe(parseProjectFile(before).graph.name);

  // A folder export asks only about the files it writes, names them, and keeps the user's other files.
  await page.getByTestId('cmd-open').click();
  await choosePath(page, join(dataDir, 'trained.filterbank.json'));
  await expect(page.getByTestId('project-title')).toContainText('trained');
  const shared = join(folder, 'shared');
  const tfjs = await exportAs(page, 'tfjs', 'shared');
  await writeFile(join(shared, 'NOTES.txt'), 'mine');
  // The Keras script beside the TF.js model replaces nothing, so nothing is asked.
  const [script] = await exportAs(page, 'keras', 'shared');
  await page.getByTestId('cmd-export').click();
  await page.getByTestId('export-format-tfjs').check();
  await page.getByTestId('export-name').fill('shared');
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('dialog')).toContainText('Replace 3 existing files?');
  await expect(page.getByTestId('dialog')).toContainText(
    `Exporting into the folder ${shared} replaces filterbank.json, group1-shard1of1.bin and model.json. ` +
      'Other files there are kept.',
  );
  await page.getByTestId('dialog-replace').click();
  expect((await written(page)).sort()).toEqual([...tfjs].sort());
  const all = ['NOTES.txt', 'filterbank.json', 'group1-shard1of1.bin', 'keras_tutorial_cnn.py', 'model.json'];
  expect((await readdir(shared)).sort()).toEqual(all);
  expect(await readFile(join(shared, 'NOTES.txt'), 'utf8')).toBe('mine');
  expect(await isFile(script)).toBe(true);
});
