// Explain on the tutorial CNN's second Conv2D: the output-size formula and the parameter count in the node's own
// numbers (checked against the engine's shape inference), the window sliding, a live parameter change, and the
// receptive field outlined on the input when an output cell is hovered.
import { expect, test } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { explainNode, inferShapes, kerasTutorialCnn, serializeProjectFile } from '../src-engine';
import { projectWithWeights } from '../src-engine/export/export-fixtures.test-support';
import { startTestServer, type TestServer } from './test-server';

let server: TestServer | undefined;
test.beforeEach(async () => {
  server = await startTestServer('explain', async (dataDir) => {
    // A trained tutorial CNN (seeded weights) whose dataset is ten classes of noise images, to pin one of them.
    for (let c = 0; c < 10; c++) {
      const name = String(c);
      await mkdir(join(dataDir, 'noise', name), { recursive: true });
      for (let i = 0; i < 2; i++) {
        const pixels = Buffer.from(Array.from({ length: 28 * 28 }, (_, k) => (k * 37 + i * 101 + c * 13) % 256));
        await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } })
          .png()
          .toFile(join(dataDir, 'noise', name, `${i}.png`));
      }
    }
    const project = projectWithWeights(kerasTutorialCnn(), 3);
    project.dataset = { ...project.dataset!, path: join(dataDir, 'noise') };
    await writeFile(join(dataDir, 'trained.filterbank.json'), serializeProjectFile(project));
  });
});
test.afterEach(() => server?.close());

test("Explain draws conv2d_1's arithmetic, follows the inspector and outlines what a cell sees", async ({ page }) => {
  const graph = kerasTutorialCnn();
  const inference = inferShapes(graph);
  const conv = graph.nodes.find((n) => n.name === 'conv2d_1')!;
  const params = inference.nodes.get(conv.id)!.trainableParams.toLocaleString('en-US');
  const expected = explainNode(inference, conv.id)!;

  await page.goto(server!.mode.server.url);
  await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
  await page.getByTestId('node-conv2d_1').click();
  await expect(page.getByTestId('inspector-field')).toHaveText('sees 14×14 px, steps 2 px');
  await expect(page.getByTestId('node-conv2d_1').getByTestId('node-shape')).toHaveAttribute(
    'title',
    'sees 14×14 px, steps 2 px',
  );
  await page.getByTestId('inspector-explain').click();
  const panel = page.getByTestId('explain-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('explain-formula-height')).toHaveText('⌈14/1⌉ = 14');
  await expect(panel.getByTestId('explain-padding-height')).toHaveText(
    "'same' pads (14 − 1)·1 + 5 − 14 = 4: 2 top, 2 bottom",
  );
  await expect(panel.getByTestId('explain-params')).toHaveText(
    `kernel (5, 5, 8, 32) + bias (32,): 5·5·8·32 + 32 = ${params}`,
  );
  expect(expected.filterBank?.formula).toBe(`5·5·8·32 + 32 = ${params}`);
  // 14×14 input plus 2 cells of padding on every side, and the 14×14 output.
  await expect(panel.locator('[data-testid=explain-input] rect.explain__pad')).toHaveCount(18 * 18 - 14 * 14);
  await expect(panel.locator('[data-testid=explain-output] rect')).toHaveCount(14 * 14);
  await expect(panel.getByTestId('explain-position')).toHaveText('output (0, 0) ← rows −2…2, columns −2…2');
  await panel.getByRole('button', { name: 'Next position' }).click();
  await expect(panel.getByTestId('explain-position')).toHaveText('output (0, 1) ← rows −2…2, columns −1…3');

  // Hovering an output cell: the input pixels it depends on are outlined on the 28×28 input.
  await panel
    .locator('[data-testid=explain-output] rect')
    .nth(5 * 14 + 7)
    .hover();
  await expect(panel.getByTestId('explain-position')).toHaveText('output (5, 7) ← rows 3…7, columns 5…9');
  await expect(panel.getByTestId('explain-rf-cell')).toHaveText('output (5, 7) sees input rows 4…17, columns 8…21');
  await expect(panel.getByTestId('explain-rf-outline')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('explain.png') });

  // A parameter change in the inspector redraws the arithmetic, including a window that no longer fits.
  await page.getByTestId('param-kernelSize').fill('15');
  await page.getByTestId('param-padding').selectOption('valid');
  await page.getByTestId('inspector-apply').click();
  await expect(panel.getByTestId('explain-formula-height')).toHaveText('⌊(14 − 15)/1⌋ + 1 = 0');
  await expect(panel.getByTestId('explain-nofit')).toHaveText(
    'No output: the 15×15 window is larger than the 14×14 input (the red cells lie outside it).',
  );
  await expect(panel.locator('[data-testid=explain-input] rect.explain__beyond')).toHaveCount(15 * 15 - 14 * 14);
  await expect(panel.getByTestId('explain-params')).toContainText('15·15·8·32 + 32 = 57,632');
  await page.screenshot({ path: test.info().outputPath('explain-nofit.png') });
  await panel.getByTestId('explain-close').click();
  await expect(panel).toHaveCount(0);

  // Pooling the same way: no weights, its window and stride in the formula.
  await page.getByTestId('node-max_pooling2d').click();
  await page.getByTestId('inspector-explain').click();
  await expect(panel.getByTestId('explain-formula-height')).toHaveText('⌊(28 − 2)/2⌋ + 1 = 14');
  await expect(panel.getByTestId('explain-pool-note')).toContainText('the largest value in its 2×2 window');
  await panel
    .locator('[data-testid=explain-output] rect')
    .nth(14 + 1)
    .hover();
  await expect(panel.getByTestId('explain-position')).toHaveText('output (1, 1) ← rows 2…3, columns 2…3');
  await page.screenshot({ path: test.info().outputPath('explain-pool.png') });
});

test('Explain works out a hovered output on the pinned sample with the trained weights, as the engine does', async ({
  page,
}) => {
  test.setTimeout(4 * 60_000);
  await page.goto(server!.mode.server.url);
  await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
  await page.getByTestId('cmd-open').click();
  await page.getByTestId('path-input').fill(join(server!.dataDir, 'trained.filterbank.json'));
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('project-title')).toContainText('trained');

  await page.getByTestId('node-conv2d_1').click();
  await page.getByTestId('inspector-explain').click();
  const panel = page.getByTestId('explain-panel');
  await expect(panel.getByTestId('explain-value-missing')).toContainText('a pinned sample');
  await panel.getByTestId('explain-close').click();

  await page.getByTestId('view-train').click();
  const thumbnail = page.getByTestId('thumbnails').getByTestId('thumbnail').first();
  await expect(thumbnail).toBeVisible({ timeout: 60_000 });
  await thumbnail.click();
  await page.getByTestId('view-model').click();
  await page.getByTestId('node-conv2d_1').click();
  await page.getByTestId('inspector-explain').click();
  await panel
    .locator('[data-testid=explain-output] rect')
    .nth(6 * 14 + 3)
    .hover();
  await expect(panel.getByTestId('explain-value-check')).toContainText('✓ same value');
  await expect(panel.getByTestId('explain-value-sum')).toContainText('Σ over 8 channels');
  await expect(panel.getByTestId('explain-value-patch').locator('td')).toHaveCount(25);
  await panel.getByTestId('explain-value-channel').fill('31');
  await expect(panel.getByTestId('explain-value-check')).toContainText('✓ same value');
  await panel.screenshot({ path: test.info().outputPath('explain-value.png') });
  await panel.getByTestId('explain-close').click();

  // A short run streams the pinned sample's feature maps; hovering a cell outlines what it sees on the sample.
  await page.getByTestId('view-train').click();
  await page.getByTestId('dashboard-tab-train').click();
  await page.getByTestId('training-epochs').fill('1');
  await page.getByTestId('training-start').click();
  await page.getByTestId('start-fresh').click();
  await expect(page.getByTestId('training-progress')).toHaveAttribute('data-phase', 'completed', { timeout: 120_000 });
  await page.getByTestId('dashboard-tab-maps').click();
  const canvas = page.getByTestId('fmap-conv2d_1');
  await expect(canvas).toBeVisible();
  // The top-left corner of the first channel's tile: cell (0, 0), whose field reaches 6 px into the padding.
  await canvas.hover({ position: { x: 1, y: 1 } });
  await expect(page.getByTestId('fmap-field-conv2d_1')).toHaveText('(0, 0) sees input rows 0…7, columns 0…7');
  await expect(page.getByTestId('pinned-outline')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('feature-map-field.png') });
});
