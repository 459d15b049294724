import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newProject, serializeProjectFile } from '../../src-engine/model/project-file';
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
      config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 3, batch_input_shape: [null, 4] } }] },
    });
    const bad = write('bad.json', { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Conv3D', config: { name: 'c3', batch_input_shape: [null, 4, 4, 4, 1] } }] } });
    const io = captureIO();
    const code = await runCli(['summary', '--json', good, keras, bad, write('broken.json', '{nope')], io);
    expect(code).toBe(2);
    const lines = io.stdout.map((l) => JSON.parse(l));
    expect(lines[0].totalParams).toBe(107706);
    expect(lines[0].layers[0]).toEqual({ name: 'conv2d', className: 'Conv2D', outputShape: [null, 28, 28, 8], params: 208 });
    expect(lines[1]).toEqual({ layers: [{ name: 'd', className: 'Dense', outputShape: [null, 3], params: 15 }], totalParams: 15, trainableParams: 15, nonTrainableParams: 0 });
    expect(lines[2]).toEqual({ error: { layer: 'c3', message: "c3: layer class 'Conv3D' is not supported by Filterbank" } });
    expect(lines[3].error.message).toMatch(/^not valid JSON/);
  });

  it('exits 0 for valid files and prints the table', async () => {
    const io = captureIO();
    expect(await runCli(['summary', write('m.json', serializeProjectFile(newProject(kerasTutorialCnn())))], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain('Total params: 107,706');
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
