// Blocks end to end in browser mode: selection that always shows what is selected, and blocks inside blocks
// summarised as Keras summarises nested Sequentials (the tutorial CNN: 6,640 + 101,066 = 107,706).
import { expect, test, type Page } from '@playwright/test';
import type { BrowserMode } from '../src-main/server/browser-host';
import { openApp, shoot } from './app-page';
import { startTestServer, type TestServer } from './test-server';

let mode: BrowserMode;
let server: TestServer | undefined;

test.beforeEach(async () => {
  server = await startTestServer('blocks');
  ({ mode } = server);
});
test.afterEach(() => server?.close());

/** Opens the app on the Keras tutorial CNN, which a first start shows. */
async function openTutorial(page: Page): Promise<void> {
  await openApp(page, mode.server.url);
  await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
}

/** Selects layers (first plainly, the rest with Ctrl) and groups them under `name`. */
async function groupLayers(page: Page, layers: string[], name: string): Promise<void> {
  for (const [i, layer] of layers.entries())
    await page.getByTestId(`node-${layer}`).click(i === 0 ? {} : { modifiers: ['Control'] });
  await page.keyboard.press('Control+g');
  await renameBlock(page, name);
}

async function renameBlock(page: Page, name: string): Promise<void> {
  await expect(page.getByTestId('group-inspector')).toBeVisible();
  await page.getByTestId('group-name').fill(name);
  await page.getByTestId('group-name').press('Enter');
  await expect(page.getByTestId(`frame-${name}`)).toBeVisible();
}

const frameHead = (page: Page, name: string) => page.getByTestId(`frame-${name}`).locator('.frame-node__name');

test('a plain click on a layer after selecting a block selects only that layer, and Ctrl+G keeps the block', async ({
  page,
}) => {
  await openTutorial(page);
  await groupLayers(page, ['conv2d', 'max_pooling2d'], 'block1');
  await frameHead(page, 'block1').click();
  await expect(page.getByTestId('frame-block1')).toHaveClass(/is-selected/);

  await page.getByTestId('node-conv2d_1').click();
  await expect(page.getByTestId('frame-block1')).not.toHaveClass(/is-selected/);
  await expect(page.getByTestId('node-conv2d_1')).toHaveClass(/is-selected/);
  await expect(page.getByTestId('layer-inspector')).toBeVisible();

  await page.keyboard.press('Control+g');
  await renameBlock(page, 'block2');
  await expect(page.getByTestId('frame-block1')).toBeVisible();
  await expect(page.getByTestId('summary-row-block1')).toContainText('208');
  await expect(page.getByTestId('summary-row-block2')).toContainText('6,432');

  // Shift-click adds, as Ctrl-click does.
  await page.getByTestId('node-dense').click();
  await page.getByTestId('node-dense_1').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('node-dense')).toHaveClass(/is-selected/);
  await expect(page.getByTestId('node-dense_1')).toHaveClass(/is-selected/);
});

test('blocks inside a block: the summary shows the nested Sequentials, and collapsing hides the inner blocks', async ({
  page,
}, testInfo) => {
  await openTutorial(page);
  await groupLayers(page, ['conv2d', 'max_pooling2d'], 'conv_block');
  await groupLayers(page, ['conv2d_1', 'max_pooling2d_1'], 'conv_block_1');
  await groupLayers(page, ['flatten', 'dense', 'dense_1'], 'classifier');
  await frameHead(page, 'conv_block').click();
  await frameHead(page, 'conv_block_1').click({ modifiers: ['Control'] });
  await expect(page.getByTestId('frame-conv_block')).toHaveClass(/is-selected/);
  await expect(page.getByTestId('frame-conv_block_1')).toHaveClass(/is-selected/);
  await page.getByTestId('cmd-group').click();
  await renameBlock(page, 'feature_extractor');

  const rows = page.locator('[data-testid^="summary-row-"]');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('summary-row-feature_extractor')).toContainText('(None, 7, 7, 32)');
  await expect(page.getByTestId('summary-row-feature_extractor')).toContainText('6,640');
  await expect(page.getByTestId('summary-row-classifier')).toContainText('101,066');
  await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
  await page.getByTestId('summary-expand-feature_extractor').click();
  await expect(rows).toHaveCount(4);
  await expect(page.getByTestId('summary-row-conv_block')).toHaveAttribute('data-depth', '1');
  await expect(page.getByTestId('summary-row-conv_block_1')).toContainText('6,432');
  await page.getByTestId('summary-expand-conv_block_1').click();
  await expect(page.getByTestId('summary-row-conv2d_1')).toHaveAttribute('data-depth', '2');
  await frameHead(page, 'conv_block').click();
  await expect(page.getByTestId('group-parent')).toHaveText('feature_extractor');
  await shoot(page, testInfo, 'nested-blocks');

  await page.getByTestId('frame-feature_extractor').getByTestId('collapse-block').first().click();
  await expect(page.getByTestId('block-feature_extractor')).toContainText('6,640 params');
  await expect(page.getByTestId('block-feature_extractor')).toContainText('4 layers in 2 inner blocks');
  await expect(page.getByTestId('frame-conv_block')).toHaveCount(0);
  await expect(page.getByTestId('node-conv2d')).toHaveCount(0);
  await page.getByTestId('block-feature_extractor').getByTestId('expand-block').click();
  await expect(page.getByTestId('frame-conv_block')).toBeVisible();
  await expect(page.getByTestId('frame-conv_block_1')).toBeVisible();

  // Ungroup removes one level: the inner blocks stay, now at the top.
  await frameHead(page, 'feature_extractor').click();
  await page.getByTestId('group-ungroup').click();
  await expect(page.getByTestId('frame-feature_extractor')).toHaveCount(0);
  await expect(page.locator('[data-testid^="summary-row-"][data-depth="0"]')).toHaveCount(3);
  await expect(page.getByTestId('summary-row-conv_block')).toContainText('208');
});
