// The node-graph editor end to end in browser mode: the built renderer served by the browser-mode server,
// driven only through the UI (palette, inspector, canvas, toolbar, keyboard).
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserMode } from '../src-main/server/browser-host';
import { openApp } from './app-page';
import { startTestServer, type TestServer } from './test-server';

let mode: BrowserMode;
let dataDir: string;
let server: TestServer | undefined;

// A fresh server and data folder per test, so no test sees another's autosaves or files.
test.beforeEach(async () => {
  server = await startTestServer('editor');
  ({ mode, dataDir } = server);
});
test.afterEach(() => server?.close());

/**
 * Opens the app; a first start shows the Keras tutorial CNN on the
 * sample digits, which these tests replace with an empty model.
 */
async function openEditor(page: Page): Promise<void> {
  await openApp(page, mode.server.url);
  await expect(page.getByTestId('palette')).toBeVisible();
  await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-empty').click();
  await expect(page.getByTestId('summary-total-params')).toHaveText('0');
}

/** Fills the inspector's fields for the selected layer (text or select) and applies them as one edit. */
async function setParams(page: Page, values: Record<string, string | number>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const field = page.getByTestId(`param-${name}`);
    if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(String(value));
    else await field.fill(String(value));
  }
  await expect(page.getByTestId('change-preview')).toBeVisible();
  await page.getByTestId('inspector-apply').click();
  await expect(page.getByTestId('pending-changes')).toHaveCount(0);
}

/** The Keras tutorial CNN, built from an empty canvas with palette clicks and inspector edits. */
async function buildTutorialCnn(page: Page): Promise<void> {
  const add = (className: string) => page.getByTestId(`palette-item-${className}`).click();
  await add('InputLayer');
  await expect(page.getByTestId('param-shape')).toHaveValue('28, 28, 1');
  await add('Conv2D');
  await setParams(page, { filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' });
  await add('MaxPooling2D');
  await add('Conv2D');
  await setParams(page, { filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' });
  await add('MaxPooling2D');
  await add('Flatten');
  await add('Dense');
  await setParams(page, { units: 64, activation: 'relu' });
  await add('Dense');
  await setParams(page, { units: 10, activation: 'softmax' });
}

test('builds the Keras tutorial CNN from an empty canvas and reads 107,706 parameters in the summary', async ({
  page,
}) => {
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
  });
  await openEditor(page);
  await expect(page.getByTestId('summary-total-params')).toHaveText('0');
  await buildTutorialCnn(page);
  await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
  await expect(page.getByTestId('summary-trainable-params')).toHaveText('107,706');
  await expect(page.getByTestId('summary-non-trainable-params')).toHaveText('0');
  await expect(page.getByTestId('summary-row-dense')).toContainText('100,416');
  await expect(page.getByTestId('node-flatten').getByTestId('node-shape')).toHaveText('(None, 1568)');
  // Each wire is labelled with the tensor it carries.
  await expect(page.locator('.react-flow__edge-text', { hasText: '(None, 7, 7, 32)' })).toHaveCount(1);
  await page.getByTestId('summary-toggle-text').click();
  await expect(page.getByTestId('summary-text')).toContainText('Total params: 107,706 (420.73 KB)');
  await expect(page.getByTestId('dirty-mark')).toBeVisible();
  expect(cspViolations).toEqual([]);
});

test(
  'an invalid model shows the problem on its node with the ' +
    'arithmetic, and the one-click fix repairs it; undo and redo',
  async ({ page }) => {
    await openEditor(page);
    await page.getByTestId('menu-new').click();
    await page.getByTestId('menu-new-keras-tutorial-cnn').click();
    await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');

    await page.getByTestId('node-conv2d_1').click();
    await page.getByTestId('param-kernelSize').fill('15');
    await page.getByTestId('param-padding').selectOption('valid');
    // The effect is shown before anything is applied, including the problem it would cause.
    await expect(page.getByTestId('preview-output')).toHaveText('(None, 14, 14, 32) → ?');
    await expect(page.getByTestId('preview-params')).toHaveText('6,432 → ?');
    await expect(page.getByTestId('preview-errors')).toContainText('⌊(14 − 15)/1⌋ + 1 = 0');
    await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
    await page.getByTestId('inspector-apply').click();

    const node = page.getByTestId('node-conv2d_1');
    await expect(node.getByTestId('node-problem-badge')).toHaveText('1');
    await expect(node.getByTestId('node-problem')).toContainText('⌊(14 − 15)/1⌋ + 1 = 0');
    await expect(page.getByTestId('tab-problems')).toContainText('1');
    await expect(page.getByTestId('model-inspector')).toHaveCount(0);
    const card = page.getByTestId('node-problems-conv2d_1');
    await expect(card).toContainText(
      "kernel_size 15 is larger than the 14×14 input; use padding 'same' or a smaller kernel",
    );
    await card.getByRole('button', { name: "Use padding 'same'" }).click();

    await expect(node.getByTestId('node-problem-badge')).toHaveCount(0);
    await expect(node.getByTestId('node-shape')).toHaveText('(None, 14, 14, 32)');
    await expect(page.getByTestId('summary-total-params')).toHaveText('158,906');

    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect(node.getByTestId('node-problem-badge')).toHaveText('1');
    await page.keyboard.press('Control+z');
    await expect(node.getByTestId('node-problem-badge')).toHaveCount(0);
    await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
    await page.keyboard.press('Control+Shift+z');
    await expect(node.getByTestId('node-problem-badge')).toHaveText('1');
    await page.getByTestId('cmd-redo').click();
    await expect(page.getByTestId('summary-total-params')).toHaveText('158,906');
    await expect(page.getByTestId('cmd-redo')).toBeDisabled();
    await page.getByTestId('cmd-undo').click();
    await page.getByTestId('cmd-undo').click();
    await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
  },
);

test('deletes, groups and collapses with the keyboard, and undoes each step', async ({ page }) => {
  await openEditor(page);
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-keras-tutorial-cnn').click();
  await page.getByTestId('node-flatten').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-flatten')).toHaveCount(0);
  // Dense then applies to the last axis, as Keras does: 32·64 + 64 + 650 + 208 + 6,432.
  await expect(page.getByTestId('summary-total-params')).toHaveText('9,402');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');

  await page.getByTestId('node-dense').click();
  await page.getByTestId('node-dense_1').click({ modifiers: ['Control'] });
  await page.keyboard.press('Control+g');
  await expect(page.getByTestId('group-inspector')).toBeVisible();
  await page.getByTestId('group-name').fill('classifier');
  await page.getByTestId('group-name').press('Enter');
  await expect(page.getByTestId('summary-row-classifier')).toContainText('101,066');
  await page.getByTestId('group-toggle').click();
  await expect(page.getByTestId('block-classifier')).toContainText('101,066 params');
  await expect(page.getByTestId('node-dense')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-dense')).toBeVisible();
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('summary-row-dense')).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-panel')).toContainText('Group the selected layers into a named block');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-panel')).toHaveCount(0);
});

test('the inspector shows the name rule while an invalid name is typed, and keeps the old name', async ({ page }) => {
  await openEditor(page);
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-keras-tutorial-cnn').click();
  await page.getByTestId('node-flatten').click();
  const field = page.getByTestId('inspector-name');
  await field.fill('flat */ x');
  // Shown before Enter or leaving the field: the name, the character and the rule.
  await expect(page.getByTestId('inspector-name-error')).toHaveText(
    /^the name "flat \*\/ x" has a space \(U\+0020\) at position 5: names use only letters/,
  );
  await field.press('Enter');
  await expect(page.getByTestId('inspector-name-error')).toBeVisible();
  await expect(page.getByTestId('summary-row-flatten')).toBeVisible();
  await field.fill('flat_ok');
  await expect(page.getByTestId('inspector-name-error')).toHaveCount(0);
  await field.press('Enter');
  await expect(page.getByTestId('summary-row-flat_ok')).toBeVisible();
});

test('saves, reopens and gets the same graph; replacing unsaved work asks first', async ({ page }) => {
  await openEditor(page);
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-small-resnet').click();
  await page.getByTestId('node-conv2d').click();
  await setParams(page, { filters: 24 });
  await page.getByTestId('node-dense').click();
  await page.getByTestId('node-conv2d_1').click({ modifiers: ['Control'] });
  await page.getByTestId('cmd-group').click();
  const total = await page.getByTestId('summary-total-params').textContent();

  const first = join(dataDir, 'resnet.filterbank.json');
  await page.getByTestId('cmd-save-as').click();
  await page.getByTestId('path-input').fill(first);
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('project-title')).toHaveText('resnet.filterbank.json');
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
  const saved = JSON.parse(await readFile(first, 'utf8'));

  await page.getByTestId('palette-item-Dropout').click();
  await expect(page.getByTestId('dirty-mark')).toBeVisible();
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-empty').click();
  await expect(page.getByTestId('dialog')).toContainText('has changes that are not saved');
  await page.getByTestId('dialog-cancel').click();
  await expect(page.getByTestId('node-dropout')).toBeVisible();
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-empty').click();
  await page.getByTestId('dialog-discard').click();
  await expect(page.getByTestId('summary-total-params')).toHaveText('0');

  await page.getByTestId('cmd-open').click();
  await page.getByTestId('path-input').fill(first);
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('project-title')).toHaveText('resnet.filterbank.json');
  await expect(page.getByTestId('summary-total-params')).toHaveText(total ?? '');
  await expect(page.getByTestId('frame-block')).toBeVisible();
  await expect(page.getByTestId('node-dropout')).toHaveCount(0);

  const second = join(dataDir, 'again.filterbank.json');
  await page.keyboard.press('Control+Shift+s');
  await page.getByTestId('path-input').fill(second);
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('project-title')).toHaveText('again.filterbank.json');
  const reopened = JSON.parse(await readFile(second, 'utf8'));
  expect(reopened.graph).toEqual(saved.graph);
  expect(reopened.layout).toEqual(saved.layout);
  expect(saved.graph.nodes.find((n: { name: string }) => n.name === 'conv2d').params.filters).toBe(24);
  expect(saved.graph.groups).toHaveLength(1);

  // Save as onto an existing file asks first; a second press replaces it.
  await page.keyboard.press('Control+Shift+s');
  await page.getByTestId('path-input').fill(first);
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('path-prompt')).toContainText('resnet.filterbank.json already exists');
  await expect(page.getByTestId('path-ok')).toHaveText('Replace');
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('project-title')).toHaveText('resnet.filterbank.json');

  await page.getByTestId('menu-recent').click();
  await expect(page.getByTestId(`menu-recent-${first}`)).toBeVisible();
});

test('unsaved work is kept by autosave and offered back after a reload', async ({ page }) => {
  page.on('dialog', (d) => void d.accept());
  await openEditor(page);
  await page.getByTestId('menu-new').click();
  await page.getByTestId('menu-new-lenet5').click();
  await page.getByTestId('node-dense').click();
  await setParams(page, { units: 100 });
  const total = await page.getByTestId('summary-total-params').textContent();
  // Autosave writes two seconds after the last edit.
  await page.waitForTimeout(3000);
  await page.reload();
  await expect(page.getByTestId('dialog')).toContainText('Restore unsaved work?');
  await page.getByTestId('dialog-restore').click();
  await expect(page.getByTestId('summary-total-params')).toHaveText(total ?? '');
  await expect(page.getByTestId('dirty-mark')).toBeVisible();
});

test('drags layers from the palette, wires them by dragging between handles, and copies and pastes', async ({
  page,
}) => {
  await openEditor(page);
  const canvas = page.getByTestId('canvas');
  await page.getByTestId('palette-item-InputLayer').dragTo(canvas, { targetPosition: { x: 300, y: 100 } });
  await page.getByTestId('palette-item-Flatten').dragTo(canvas, { targetPosition: { x: 520, y: 320 } });
  await expect(page.getByTestId('node-flatten').getByTestId('node-problem')).toContainText('flatten has no input');

  const from = await page.locator('[data-testid=node-input_layer] .handle--out').boundingBox();
  const to = await page.locator('[data-testid=node-flatten] .handle--in').boundingBox();
  if (!from || !to) throw new Error('handles not found');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y - 20, { steps: 10 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('node-flatten').getByTestId('node-shape')).toHaveText('(None, 784)');
  await expect(page.locator('.react-flow__edge-text', { hasText: '(None, 28, 28, 1)' })).toHaveCount(1);

  await page.getByTestId('node-flatten').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('node-flatten_1')).toBeVisible();
  await page.keyboard.press('Control+d');
  await expect(page.getByTestId('node-flatten_2')).toBeVisible();
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-flatten_1')).toHaveCount(0);
  await expect(page.getByTestId('tab-problems')).toHaveText('Problems0');
});
