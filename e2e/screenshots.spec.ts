// The app as people see it, at 1280×800 and 1920×1080, light and dark: the editor (the tutorial CNN and Small ResNet
// at Fit), the Training page during a run, and the Evaluation page of a dataset with long class names. The shots are
// attached to the report; with FILTERBANK_SCREENSHOTS=DIR they are also written there (the README's come from it).
// Besides the pictures, it checks what a picture would show: the dark theme is dark, Fit leaves node text readable,
// nothing on the evaluation page runs out of the window, and long class names are never lost.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeImage, mnistDigits, writeTree } from '../src-engine/data/testing/fixtures';
import { kerasTutorialCnn } from '../src-engine/model/templates';
import { newProject, serializeProjectFile } from '../src-engine/model/project-file';
import { DatasetSettingsSchema, TrainingSettingsSchema } from '../src-engine/model/settings';
import type { BrowserMode } from '../src-main/server/browser-host';
import { openApp, shoot } from './app-page';
import { startTestServer, type TestServer } from './test-server';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
/** Real class-folder names of the kind that broke the gallery: long, with spaces and separators. */
const CLASSES = [
  'actions and gestures',
  'household devices & appliances',
  'outdoor_scenes_with_vehicles',
  'zz-unlabelled-miscellaneous',
  'very_long_class_name_red_squares_alpha',
];

let mode: BrowserMode;
let server: TestServer | undefined;
let projectPath: string;
let imagePath: string;

test.beforeAll(async () => {
  server = await startTestServer('screenshots', async (dir) => {
    const digits = mnistDigits(30);
    const files: Record<string, Uint8Array> = {};
    // Digits that look alike (3, 5, 8, 9, 6), so a short run leaves some misclassified for the gallery.
    const lookalikes = [3, 5, 8, 9, 6];
    for (const [c, name] of CLASSES.entries())
      for (const [i, img] of digits[lookalikes[c]].entries())
        files[`${name}/${String(i).padStart(3, '0')}.png`] = await encodeImage(img, 'png');
    await writeTree(join(dir, 'long-names'), files);
    const graph = kerasTutorialCnn();
    const output = graph.nodes.at(-1)!;
    output.params = { ...output.params, units: CLASSES.length };
    const project = {
      ...newProject(graph),
      dataset: DatasetSettingsSchema.parse({
        path: join(dir, 'long-names'),
        preprocessing: { height: 28, width: 28, channels: 1 },
      }),
      training: TrainingSettingsSchema.parse({ epochs: 3, batchSize: 16, validationSplit: 0.25 }),
    };
    projectPath = join(dir, 'long-names.filterbank.json');
    await writeTree(dir, { 'long-names.filterbank.json': new TextEncoder().encode(serializeProjectFile(project)) });
    imagePath = join(dir, 'try.png');
    await writeTree(dir, { 'try.png': await encodeImage(digits[6][0], 'png') });
  });
  ({ mode } = server);
});
test.afterAll(() => server?.close());

/** The shared screenshot, also copied to $FILTERBANK_SCREENSHOTS when set (the README's pictures). */
async function shootAndCopy(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = await shoot(page, testInfo, name);
  const out = process.env.FILTERBANK_SCREENSHOTS;
  if (out) {
    await mkdir(out, { recursive: true });
    await copyFile(path, join(out, `${name}.png`));
  }
}

/** Every size and scheme, in turn, on the same page (the state stays; only the window and the theme change). */
async function eachLook(page: Page, shot: (name: string) => Promise<void>): Promise<void> {
  for (const size of SIZES)
    for (const scheme of SCHEMES) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      // The theme is really applied: the page's background is dark in dark mode, light otherwise.
      const background = await page.evaluate(() => {
        const g = globalThis as unknown as {
          getComputedStyle(e: unknown): { backgroundColor: string };
          document: { body: unknown };
        };
        return g.getComputedStyle(g.document.body).backgroundColor;
      });
      const [r, gr, b] = background.match(/\d+/g)!.map(Number);
      const luminance = (0.2126 * r + 0.7152 * gr + 0.0722 * b) / 255;
      if (scheme === 'dark') expect(luminance, background).toBeLessThan(0.2);
      else expect(luminance, background).toBeGreaterThan(0.8);
      await page.waitForTimeout(400);
      await shot(`${size.width}x${size.height}-${scheme}`);
    }
}

/** Nothing on the page is wider than the window (text or tiles running out of it), nor wider than its card. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    type Box = { scrollWidth: number; clientWidth: number; className: string };
    const g = globalThis as unknown as {
      document: { documentElement: Box; querySelectorAll(s: string): Iterable<Box> };
    };
    // The page, the dashboard's scrolling body and each card: their content fits their width.
    const boxes = [g.document.documentElement, ...g.document.querySelectorAll('.db-body, .db-body .card')];
    return boxes.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => `${b.className || 'html'}`);
  });
  expect(overflow).toEqual([]);
}

test('the editor at Fit: the tutorial CNN and Small ResNet', async ({ page }, testInfo) => {
  test.setTimeout(5 * 60_000);
  await openApp(page, mode.server.url);
  for (const template of ['keras-tutorial-cnn', 'small-resnet']) {
    await page.getByTestId('menu-new').click();
    await page.getByTestId(`menu-new-${template}`).click();
    const confirm = page.getByRole('button', { name: /discard|don.t save|replace/i });
    if (await confirm.count()) await confirm.first().click();
    await expect(page.getByTestId('node-conv2d')).toBeVisible();
    await eachLook(page, async (look) => {
      await page.getByTestId('cmd-fit').click();
      await page.waitForTimeout(500);
      // Readable at Fit: the layer names render at 11 px or more on screen (font size × the canvas zoom).
      const effective = await page
        .locator('.layer-node')
        .first()
        .evaluate((node) => {
          const g = globalThis as unknown as {
            getComputedStyle(e: unknown): { fontSize: string; transform: string };
            DOMMatrix: new (t: string) => { a: number };
          };
          const el = node as unknown as { querySelector(s: string): unknown; closest(s: string): unknown };
          const text = el.querySelector('.layer-node__title') ?? el.querySelector('.layer-node__name');
          const viewport = el.closest('.react-flow__viewport');
          const zoom = new g.DOMMatrix(g.getComputedStyle(viewport).transform).a;
          return Number.parseFloat(g.getComputedStyle(text).fontSize) * zoom;
        });
      expect(effective, `${template} at Fit`).toBeGreaterThanOrEqual(11);
      // The zoom buttons follow the theme: no light separator lines in dark mode.
      const separator = await page
        .locator('.react-flow__controls-button')
        .first()
        .evaluate(
          (b) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { borderBottomColor: string } }).getComputedStyle(
              b,
            ).borderBottomColor,
        );
      const [r, g, b] = separator.match(/\d+/g)!.map(Number);
      if (look.endsWith('dark')) expect((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255, separator).toBeLessThan(0.35);
      await shootAndCopy(page, testInfo, `editor-${template}-${look}`);
    });
  }
});

test('the Training page during a run and the Evaluation page with long class names', async ({ page }, testInfo) => {
  test.setTimeout(10 * 60_000);
  await openApp(page, mode.server.url);
  await page.getByTestId('cmd-open').click();
  await page.getByTestId('path-input').fill(projectPath);
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('project-title')).toHaveText('long-names.filterbank.json');

  await page.getByTestId('view-train').click();
  await expect(page.getByTestId('dataset-report')).toContainText(`${CLASSES.length} classes`, { timeout: 120_000 });
  await page.getByTestId('dashboard-tab-train').click();
  await page.getByTestId('training-backend').selectOption('reference');
  await page.getByTestId('training-start').click();
  const choice = page.getByRole('button', { name: /start fresh/i });
  if (await choice.count()) await choice.click();
  await expect
    .poll(async () => Number(await page.getByTestId('chart-loss').getAttribute('data-length')), { timeout: 180_000 })
    .toBeGreaterThan(3);
  await page.getByTestId('training-pause').click();
  await expect(page.getByTestId('training-progress')).toHaveAttribute('data-phase', 'paused', { timeout: 60_000 });
  await eachLook(page, (look) => shootAndCopy(page, testInfo, `training-${look}`));
  await page.getByTestId('training-resume').click();
  await expect(page.getByTestId('training-progress')).toHaveAttribute('data-phase', 'completed', {
    timeout: 8 * 60_000,
  });

  await page.getByTestId('dashboard-tab-evaluate').click();
  await expect(page.getByTestId('confusion-matrix')).toBeVisible({ timeout: 180_000 });
  // Try an image with a long predicted class name: the name and the Grad-CAM caption wrap inside the column.
  await page.getByTestId('prediction').locator('input[type=file]').setInputFiles(imagePath);
  await expect(page.getByTestId('prediction-result')).toBeVisible({ timeout: 120_000 });
  await eachLook(page, async (look) => {
    await expectNoHorizontalOverflow(page);
    // Each long class name is on the page in full (a cell, a label or a tooltip), never only cut.
    for (const name of CLASSES) {
      const full = page.locator(`[title*="${name}"]`).or(page.getByText(name, { exact: true }));
      expect(await full.count(), name).toBeGreaterThan(0);
    }
    await shootAndCopy(page, testInfo, `evaluation-${look}`);
  });

  // Another tab opens at its top, not at the scroll position the Evaluation page was left at.
  await page.setViewportSize(SIZES[0]);
  const body = page.locator('.db-body');
  const scrolled = await body.evaluate((el) => {
    const e = el as unknown as { scrollTop: number; scrollHeight: number };
    e.scrollTop = e.scrollHeight;
    return e.scrollTop;
  });
  expect(scrolled, 'the Evaluation page scrolls at 1280x800').toBeGreaterThan(0);
  await page.getByTestId('dashboard-tab-train').click();
  await expect(page.getByTestId('training-start')).toBeVisible();
  expect(await body.evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop)).toBe(0);
});
