// The editor canvas at 1280×800 in browser mode: text readable at Fit, and nothing drawn on top of anything else
// after expanding a block, pasting, or opening a problem card (DOM boxes compared pairwise).
import { expect, test, type Page } from '@playwright/test';
import type { BrowserMode } from '../src-main/server/browser-host';
import { openApp } from './app-page';
import { startTestServer, type TestServer } from './test-server';

let mode: BrowserMode;
let server: TestServer | undefined;

test.use({ viewport: { width: 1280, height: 800 } });
test.beforeEach(async () => {
  server = await startTestServer('canvas');
  ({ mode } = server);
});
test.afterEach(() => server?.close());

interface Box {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Boxes of everything matching `selector` that is drawn (not display: none), named by test id or class. */
async function boxesOf(page: Page, selector: string): Promise<Box[]> {
  return page.locator(selector).evaluateAll((els) =>
    els.flatMap((e) => {
      const r = e.getBoundingClientRect();
      // Browser globals through globalThis: this file is type-checked without the DOM library.
      const style = (
        globalThis as unknown as { getComputedStyle(e: unknown): { visibility: string } }
      ).getComputedStyle(e);
      if (r.width === 0 || style.visibility === 'hidden') return [];
      const name = e.querySelector('[data-testid]')?.getAttribute('data-testid') ?? e.className.toString();
      return [{ name, x: r.x, y: r.y, width: r.width, height: r.height }];
    }),
  );
}

/** Pairs of boxes that overlap by more than a pixel. */
function overlaps(a: readonly Box[], b: readonly Box[] = a): string[] {
  const hits: string[] = [];
  a.forEach((p, i) => {
    for (const q of a === b ? b.slice(i + 1) : b) {
      const w = Math.min(p.x + p.width, q.x + q.width) - Math.max(p.x, q.x);
      const h = Math.min(p.y + p.height, q.y + q.height) - Math.max(p.y, q.y);
      if (w > 1 && h > 1) hits.push(`${p.name} / ${q.name}`);
    }
  });
  return hits;
}

const NODES = '.react-flow__node-layer, .react-flow__node-block, .frame-node__head';

async function zoomOf(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').evaluate((e) => e.getAttribute('style') ?? '');
  return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1]);
}

/** Opens the app on its first-start model, the Keras tutorial CNN, fitted. */
async function openTutorial(page: Page): Promise<void> {
  await openApp(page, mode.server.url);
  await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
  await expect(page.locator('.react-flow__node-layer')).toHaveCount(8);
  await page.getByTestId('cmd-fit').click();
  await page.waitForTimeout(400);
}

test('at Fit the tutorial CNN reads at 11px or more, clear of the minimap', async ({ page }) => {
  await openTutorial(page);
  const zoom = await zoomOf(page);
  const title = page.locator('.react-flow__node-layer').first().locator('.layer-node__title, .layer-node__name');
  const fontPx = await title
    .first()
    .evaluate((e) =>
      parseFloat(
        (globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(e).fontSize,
      ),
    );
  expect(fontPx * zoom).toBeGreaterThanOrEqual(11);
  // Laid out for the pane the tutorial fits in its detailed form, wire labels shown; zoomed out: compact, unlabelled.
  const compact = zoom < 0.85;
  await expect(page.locator('.layer-node--compact')).toHaveCount(compact ? 8 : 0);
  await expect(page.locator('.react-flow__edge-textwrapper').first()).toBeVisible({ visible: !compact });
  const pane = (await boxesOf(page, '.react-flow__pane'))[0];
  const visible = (await boxesOf(page, NODES)).filter((b) => overlaps([b], [pane]).length > 0);
  expect(visible.length).toBeGreaterThan(2);
  expect(overlaps(visible, await boxesOf(page, '.react-flow__minimap'))).toEqual([]);
  await page.getByTestId('toggle-minimap').click();
  await expect(page.locator('.react-flow__minimap')).toHaveCount(0);
});

test('expanding a collapsed block after Layout moves the layers below it out of the way', async ({ page }) => {
  await openTutorial(page);
  await page.getByTestId('node-conv2d_1').click();
  await page.getByTestId('node-max_pooling2d_1').click({ modifiers: ['Control'] });
  await page.keyboard.press('Control+g');
  await expect(page.getByTestId('group-inspector')).toBeVisible();
  await page.getByTestId('group-toggle').click();
  await expect(page.locator('.react-flow__node-block')).toHaveCount(1);
  await page.getByTestId('cmd-layout').click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: test.info().outputPath('layout-collapsed.png') });
  expect(overlaps(await boxesOf(page, NODES))).toEqual([]);
  await page.getByTestId('expand-block').click();
  await expect(page.locator('.react-flow__node-block')).toHaveCount(0);
  await page.getByTestId('cmd-fit').click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: test.info().outputPath('expanded.png') });
  expect(overlaps(await boxesOf(page, NODES))).toEqual([]);
});

test('pasted and duplicated layers land in free space', async ({ page }) => {
  await openTutorial(page);
  await page.getByTestId('node-conv2d').click();
  await page.getByTestId('node-max_pooling2d').click({ modifiers: ['Control'] });
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await page.keyboard.press('Control+v');
  await page.keyboard.press('Control+d');
  await expect(page.locator('.react-flow__node-layer')).toHaveCount(14);
  await page.getByTestId('cmd-fit').click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: test.info().outputPath('pasted.png') });
  expect(overlaps(await boxesOf(page, NODES))).toEqual([]);
});

test("a node's problem card and the minimap never cover each other", async ({ page }) => {
  await openTutorial(page);
  await page.getByTestId('node-conv2d_1').click();
  await page.getByTestId('param-kernelSize').fill('15');
  await page.getByTestId('param-padding').selectOption('valid');
  await page.getByTestId('inspector-apply').click();
  const card = page.getByTestId('node-problems-conv2d_1');
  await page.getByTestId('node-conv2d_1').click();
  await expect(card).toBeVisible();
  expect(overlaps(await boxesOf(page, '.node-problems'), await boxesOf(page, '.react-flow__minimap'))).toEqual([]);
  const name = await page.getByTestId('node-conv2d_1').locator('.layer-node__title, .layer-node__name').first();
  expect(await name.getAttribute('title')).toContain('conv2d_1');
});

test("feature-map thumbnails keep to their own lane, off a block's name and Collapse button", async ({ page }) => {
  // A short stretch of real training on the sample digits, until the first feature maps reach the nodes.
  test.setTimeout(6 * 60_000);
  await openTutorial(page);
  await page.getByTestId('node-conv2d').click();
  await page.getByTestId('node-max_pooling2d').click({ modifiers: ['Control'] });
  await page.keyboard.press('Control+g');
  await expect(page.getByTestId('group-inspector')).toBeVisible();
  await page.getByTestId('view-train').click();
  await expect(page.getByTestId('dataset-report')).toContainText('8,000 training', { timeout: 240_000 });
  await page.getByTestId('dashboard-tab-train').click();
  await page.getByTestId('training-epochs').fill('1');
  await page.getByTestId('training-start').click();
  await page.getByTestId('view-model').click();
  await expect(page.getByTestId('node-conv2d').locator('canvas.fmap-thumb__canvas')).toBeVisible({ timeout: 240_000 });
  await page.getByTestId('view-train').click();
  await page.getByTestId('training-stop').click();
  await page.getByTestId('view-model').click();
  await page.getByTestId('cmd-fit').click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: test.info().outputPath('thumbnails.png') });
  const thumbs = await boxesOf(page, '.fmap-thumb');
  expect(thumbs.length).toBeGreaterThan(1);
  const heads = await boxesOf(page, '.frame-node__head, .frame-node__toggle');
  expect(heads.length).toBeGreaterThan(0);
  expect(overlaps(thumbs, heads)).toEqual([]);
  expect(overlaps(thumbs, await boxesOf(page, NODES))).toEqual([]);
});

test('every template opens laid out for the canvas: at Fit all layers show, readable, clear of the overlays', async ({
  page,
}) => {
  test.setTimeout(3 * 60_000);
  await openApp(page, mode.server.url);
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(viewport);
    for (const template of ['keras-tutorial-cnn', 'three-block-cnn', 'lenet5', 'small-resnet']) {
      await page.getByTestId('menu-new').click();
      await page.getByTestId(`menu-new-${template}`).click();
      const confirm = page.getByRole('button', { name: /discard|don.t save|replace/i });
      if (await confirm.count()) await confirm.first().click();
      await expect(page.getByTestId('node-conv2d')).toBeVisible();
      await page.waitForTimeout(600);
      await page.getByTestId('cmd-fit').click();
      await page.waitForTimeout(400);
      const where = `${template} at ${viewport.width}×${viewport.height}`;
      await page.screenshot({ path: test.info().outputPath(`fit-${template}-${viewport.width}.png`) });
      // The pane is the canvas the bottom panel does not cover; every layer lies inside it and off the minimap.
      const pane = (await boxesOf(page, '.react-flow__pane'))[0];
      const nodes = await boxesOf(page, '.react-flow__node-layer');
      const outside = nodes.filter(
        (b) =>
          b.x < pane.x || b.y < pane.y || b.x + b.width > pane.x + pane.width || b.y + b.height > pane.y + pane.height,
      );
      expect(
        outside.map((b) => b.name),
        where,
      ).toEqual([]);
      expect(overlaps(nodes, await boxesOf(page, '.react-flow__minimap, .react-flow__controls')), where).toEqual([]);
      expect(await zoomOf(page), where).toBeGreaterThanOrEqual(11 / 21);
    }
  }
});

test("a pasted layer's problem card stays inside the canvas, clear of the inspector", async ({ page }) => {
  await openTutorial(page);
  await page.getByTestId('node-conv2d').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.locator('.react-flow__node-layer')).toHaveCount(9);
  // Fit puts the pasted layer (right of everything) at the canvas' right edge; the paste keeps it selected.
  await page.getByTestId('cmd-fit').click();
  await page.waitForTimeout(400);
  const cards = page.locator('.node-problems');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toBeVisible();
  const pane = (await boxesOf(page, '.react-flow__pane'))[0];
  const card = (await boxesOf(page, '.node-problems'))[0];
  expect(card.x).toBeGreaterThanOrEqual(pane.x);
  expect(card.x + card.width).toBeLessThanOrEqual(pane.x + pane.width);
});

test('the Layers palette fits its column: no horizontal scrollbar, long names wrap whole', async ({ page }) => {
  await openTutorial(page);
  const list = page.getByTestId('palette').locator('.palette__list');
  // Headless Chromium hides scrollbars; a desktop's 15px vertical one is stood in for by as much padding.
  await list.evaluate((e) => {
    (e as unknown as { style: { paddingRight: string } }).style.paddingRight = '23px';
  });
  const overflow = await list.evaluate((e) => e.scrollWidth - e.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // No layer name runs out of its button (what makes the list scroll sideways).
  const spill = await page.locator('.palette__item').evaluateAll((items) =>
    items.flatMap((e) => {
      const b = e as unknown as { scrollWidth: number; clientWidth: number; textContent: string };
      return b.scrollWidth > b.clientWidth ? [b.textContent] : [];
    }),
  );
  expect(spill).toEqual([]);
  const item = page.getByTestId('palette-item-GlobalAveragePooling2D');
  const [itemBox, listBox] = [await item.boundingBox(), await list.boundingBox()];
  expect(itemBox && listBox && itemBox.x + itemBox.width <= listBox.x + listBox.width).toBe(true);
  await expect(item).toHaveText('GlobalAveragePooling2D');
});
