import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTrainingSettings, newProject, serializeProjectFile } from '../../src-engine';
import { kerasTutorialCnn } from '../../src-engine/model/templates';
import { runCli } from './index';
import { captureIO } from './test-io';

const dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
const write = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('cli summary', () => {
  it('prints one JSON line per file in order and exits 2 when any is invalid', async () => {
    const good = write('good.json', serializeProjectFile(newProject(kerasTutorialCnn())));
    const keras = write('keras.json', {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [{ class_name: 'Dense', config: { name: 'd', units: 3, batch_input_shape: [null, 4] } }],
      },
    });
    const bad = write('bad.json', {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [{ class_name: 'Conv3D', config: { name: 'c3', batch_input_shape: [null, 4, 4, 4, 1] } }],
      },
    });
    const io = captureIO();
    const code = await runCli(['summary', '--json', good, keras, bad, write('broken.json', '{nope')], io);
    expect(code).toBe(2);
    const lines = io.stdout.map((l) => JSON.parse(l));
    expect(lines[0].totalParams).toBe(107706);
    expect(lines[0].layers[0]).toEqual({
      name: 'conv2d',
      className: 'Conv2D',
      outputShape: [null, 28, 28, 8],
      params: 208,
    });
    expect(lines[1]).toEqual({
      layers: [{ name: 'd', className: 'Dense', outputShape: [null, 3], params: 15 }],
      totalParams: 15,
      trainableParams: 15,
      nonTrainableParams: 0,
      hints: [
        {
          kind: 'dense-dominates',
          layer: 'd',
          message: 'd holds 15 of the 15 parameters (100.0 %)',
          detail: expect.stringContaining('fully connected'),
        },
        {
          kind: 'activation-memory',
          layer: null,
          message: expect.stringMatching(/^One training batch of 32 needs/),
          detail: expect.stringContaining('× batch 32 ×'),
        },
      ],
    });
    expect(lines[2]).toEqual({
      error: { layer: 'c3', message: "c3: layer class 'Conv3D' is not supported by Filterbank" },
    });
    expect(lines[3].error.message).toMatch(/^not valid JSON/);
  });

  it('exits 0 for valid files and prints the table', async () => {
    const io = captureIO();
    expect(await runCli(['summary', write('m.json', serializeProjectFile(newProject(kerasTutorialCnn())))], io)).toBe(
      0,
    );
    expect(io.stdout.join('\n')).toContain('Total params: 107,706');
  });

  it("prints the design hints under the table, with the project's batch size", async () => {
    const project = { ...newProject(kerasTutorialCnn()), training: { ...defaultTrainingSettings(), batchSize: 64 } };
    const io = captureIO();
    expect(await runCli(['summary', write('hinted.json', serializeProjectFile(project))], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text.indexOf('hint: conv2d_1 sees 14×14 input pixels of 28×28')).toBeGreaterThan(
      text.indexOf('Total params: 107,706'),
    );
    expect(text).toContain('      r = r_in + (k − 1)·j_in = 6 + (5 − 1)·2 = 14; jump j = 2·1 = 2');
    expect(text).toContain('hint: One training batch of 64 needs about 8.84 MB for activations and their gradients');
  });

  it('answers bad arguments with one line and status 2', async () => {
    for (const argv of [['summary'], ['summary', '--frobnicate'], ['nosuchcommand'], ['summary', dir]]) {
      const io = captureIO();
      const code = await runCli(argv, io);
      expect(code, argv.join(' ')).toBe(2);
      expect((io.stderr + io.stdout.join('')).trim().split('\n').length, argv.join(' ')).toBeGreaterThanOrEqual(1);
      expect(io.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
