import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  branchingModel,
  projectWithWeights,
  sequentialCnn,
} from '../../../src-engine/export/export-fixtures.test-support';
import { newProject, parseProjectFile, serializeProjectFile } from '../../../src-engine/model/project-file';
import { summarize } from '../../../src-engine/model/summary';
import { runCli } from '../index';
import { captureIO } from '../test-io';

const dir = mkdtempSync(join(tmpdir(), 'fb-cli-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const io = captureIO();
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

const projectPath = join(dir, 'branching.json');
const project = projectWithWeights(branchingModel(), 21);
writeFileSync(projectPath, serializeProjectFile(project));

describe('cli export and import', () => {
  it('exports TF.js and imports it back with the same summary and bit-identical weights', async () => {
    const out = join(dir, 'tfjs');
    const exported = await cli('export', '--model', projectPath, '--format', 'tfjs', '--out', out);
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['filterbank.json', 'group1-shard1of1.bin', 'model.json']);
    const modelJson = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(modelJson.generatedBy).toMatch(/^Filterbank \d+\.\d+\.\d+$/);

    const back = join(dir, 'back.json');
    const imported = await cli('import', join(out, 'model.json'), '--out', back);
    expect(imported.code).toBe(0);
    expect(imported.out[0]).toMatch(/^imported 13 layers with their weights from /);
    const again = parseProjectFile(readFileSync(back, 'utf8'));
    expect(summarize(again.graph)).toEqual(summarize(project.graph));
    expect(again.weights).toEqual(project.weights);
    expect(again.classNames).toEqual(project.classNames);
    expect(again.training).toEqual(project.training);
    expect(again.dataset?.preprocessing).toEqual(project.dataset?.preprocessing);
    expect(Object.keys(again.layout).sort()).toEqual(project.graph.nodes.map((n) => n.id).sort());
  });

  it('writes each format into its own folder', async () => {
    const seq = join(dir, 'seq.json');
    writeFileSync(seq, serializeProjectFile(projectWithWeights(sequentialCnn(), 2)));
    const expected: Record<string, string[]> = {
      ts: ['filterbank.json', 'group1-shard1of1.bin', 'model.json', 'model.ts'],
      keras: ['seq_cnn.py'],
      json: ['seq_cnn.filterbank.json'],
    };
    for (const [format, files] of Object.entries(expected)) {
      const out = join(dir, `seq-${format}`);
      const r = await cli('export', '--model', seq, '--format', format, '--out', out);
      expect(r.code, r.err).toBe(0);
      expect(readdirSync(out).sort()).toEqual(files);
    }
    const reread = parseProjectFile(readFileSync(join(dir, 'seq-json', 'seq_cnn.filterbank.json'), 'utf8'));
    expect(serializeProjectFile(reread)).toBe(readFileSync(seq, 'utf8'));
  });

  it('answers mistakes with one line and status 2, writing nothing', async () => {
    const untrained = join(dir, 'untrained.json');
    writeFileSync(untrained, serializeProjectFile(newProject(sequentialCnn())));
    const cases: [string[], RegExp][] = [
      [
        ['export', '--model', projectPath, '--format', 'onnx', '--out', join(dir, 'x')],
        /--format must be one of tfjs, ts, keras, json, got 'onnx'/,
      ],
      [['export', '--model', projectPath, '--format', 'tfjs'], /--out DIR is required/],
      [['export', '--model', join(dir, 'nope.json'), '--format', 'tfjs', '--out', join(dir, 'x')], /no such file/],
      [
        ['export', '--model', untrained, '--format', 'tfjs', '--out', join(dir, 'x')],
        /the model has no trained weights: train it first/,
      ],
      [
        ['export', '--model', projectPath, '--format', 'tfjs', '--out', join(dir, 'tfjs')],
        /tfjs already holds filterbank\.json, group1-shard1of1\.bin, model\.json; .*--force/,
      ],
      [['import', join(dir, 'tfjs', 'model.json')], /--out PROJECT.json is required/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'x'))).toBe(false);
    const r = await cli('export', '--model', untrained, '--format', 'keras', '--out', join(dir, 'untrained-keras'));
    expect(r.code).toBe(0);
    expect(r.out.filter((l) => l.startsWith('note: '))).toEqual([
      'note: the project has no dataset settings: images are ' +
        'assumed to be resized bilinearly to 16×16 and scaled by 1/255',
      'note: the project has no class names: they are exported as class_0 … class_3',
      "note: the project has no training settings: the script uses Filterbank's defaults",
    ]);
  });

  it(
    'imports a Keras topology JSON as a laid-out project ' + 'without weights, and names an unsupported layer',
    async () => {
      const keras = join(dir, 'keras.json');
      writeFileSync(
        keras,
        JSON.stringify({
          class_name: 'Sequential',
          config: {
            name: 's',
            layers: [{ class_name: 'Dense', config: { name: 'd', units: 3, batch_input_shape: [null, 4] } }],
          },
        }),
      );
      const r = await cli('import', keras, '--out', join(dir, 'keras-project.json'));
      expect(r.code, r.err).toBe(0);
      expect(r.out[0]).toMatch(/^imported 2 layers without weights from /);
      const project = parseProjectFile(readFileSync(join(dir, 'keras-project.json'), 'utf8'));
      expect(Object.keys(project.layout)).toHaveLength(2);
      const lstm = join(dir, 'lstm.json');
      writeFileSync(
        lstm,
        JSON.stringify({
          class_name: 'Sequential',
          config: {
            name: 's',
            layers: [{ class_name: 'LSTM', config: { name: 'lstm', units: 3, batch_input_shape: [null, 4, 2] } }],
          },
        }),
      );
      const bad = await cli('import', lstm, '--out', join(dir, 'lstm-project.json'));
      expect(bad.code).toBe(2);
      expect(bad.err).toBe(`${lstm}: lstm: layer class 'LSTM' is not supported by Filterbank\n`);
    },
  );

  it('names a missing weight file on import, and replaces an export only with --force', async () => {
    const out = join(dir, 'broken');
    expect((await cli('export', '--model', projectPath, '--format', 'tfjs', '--out', out)).code).toBe(0);
    unlinkSync(join(out, 'group1-shard1of1.bin'));
    const r = await cli('import', join(out, 'model.json'), '--out', join(dir, 'broken.json'));
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `${join(out, 'model.json')}: weight file 'group1-shard1of1.bin' listed in model.json is missing: put it in ` +
        `the folder of model.json\n`,
    );
    expect(existsSync(join(dir, 'broken.json'))).toBe(false);
    expect((await cli('export', '--model', projectPath, '--format', 'tfjs', '--out', out, '--force')).code).toBe(0);
    expect(existsSync(join(out, 'group1-shard1of1.bin'))).toBe(true);
  });
});
