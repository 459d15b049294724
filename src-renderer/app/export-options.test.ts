import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { kerasTutorialCnn, newProject, sequential } from '../../src-engine';
import { projectWithWeights } from '../../src-engine/export/export-fixtures.test-support';
import {
  defaultExportName,
  exportChoices,
  exportNameProblem,
  exportTarget,
  firstAvailable,
  kerasCommand,
  replaceQuestion,
  replaceTitle,
  tfjsSnippet,
  typescriptSnippet,
} from './export-options';

const byFormat = (choices: ReturnType<typeof exportChoices>) => Object.fromEntries(choices.map((c) => [c.format, c]));

describe('exportChoices', () => {
  it('offers only the Keras script and the project file for an untrained model, saying why others need weights', () => {
    const choices = byFormat(exportChoices(newProject(kerasTutorialCnn())));
    expect(choices.keras.refusal).toBeNull();
    expect(choices.project.refusal).toBeNull();
    expect(choices.tfjs.refusal).toMatch(/has not been trained yet\. Train it on the Training page first/);
    expect(choices.typescript.refusal).toMatch(/loads the trained weights .* has not been trained yet/);
    expect(choices.keras.files).toEqual(['keras_tutorial_cnn.py']);
    expect(firstAvailable(Object.values(choices))).toBe('keras');
  });

  it('offers every format for a trained model, with the files each writes', () => {
    const choices = byFormat(exportChoices(projectWithWeights(kerasTutorialCnn(), 3)));
    expect(Object.values(choices).map((c) => c.refusal)).toEqual([null, null, null, null]);
    expect(choices.tfjs.files).toEqual(['model.json', 'group1-shard1of1.bin', 'filterbank.json']);
    expect(choices.typescript.files).toContain('model.ts');
    expect(firstAvailable(Object.values(choices))).toBe('tfjs');
  });

  it("refuses TF.js with the exporter's reason for an activation TF.js lacks, and still offers Keras", () => {
    const graph = sequential('leaky', [
      { className: 'InputLayer', params: { shape: [8, 8, 1] } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units: 3, activation: 'leaky_relu' } },
    ]);
    const choices = byFormat(exportChoices(projectWithWeights(graph, 1)));
    expect(choices.tfjs.refusal).toMatch(/^Cannot export as TensorFlow\.js model: .*leaky_relu/);
    expect(choices.typescript.refusal).toMatch(/leaky_relu/);
    expect(choices.keras.refusal).toBeNull();
  });

  it('refuses an invalid untrained model for what is wrong with it, not for its missing weights', () => {
    const choices = exportChoices(newProject({ name: 'empty', nodes: [] }));
    for (const c of choices.filter((c) => c.format !== 'project'))
      expect(c.refusal).toBe(
        `Cannot export as ${c.title}: the model is invalid: The model has no layers: add an InputLayer and connect ` +
          'layers to it.',
      );
    expect(byFormat(choices).project.refusal).toBeNull();
  });
});

describe('export names and targets', () => {
  it("validates names with the contract's file-name rule, one sentence each", () => {
    expect(exportNameProblem('digits v2')).toBeNull();
    expect(exportNameProblem('')).toBe('Give the export a name.');
    expect(exportNameProblem('a/b')).toBe('The name must be a plain file name without / \\ : * ? " < > |.');
    expect(exportNameProblem('..')).toBe('The name must not be . or ...');
    expect(exportNameProblem(' x')).toMatch(/space/);
    expect(exportNameProblem('x'.repeat(201))).toMatch(/at most 200/);
  });

  it('defaults to the model name with refused characters replaced', () => {
    expect(defaultExportName('keras_tutorial_cnn')).toBe('keras_tutorial_cnn');
    expect(defaultExportName('a/b:c')).toBe('a_b_c');
    expect(defaultExportName('..')).toBe('model');
    expect(exportNameProblem(defaultExportName('a<b>|"c'))).toBeNull();
  });

  it('names the file or folder an export creates, in the folder’s own separator style', () => {
    expect(exportTarget('project', '/data/out/', 'cnn')).toBe('/data/out/cnn.filterbank.json');
    expect(exportTarget('project', '/data', 'cnn.filterbank.json')).toBe('/data/cnn.filterbank.json');
    expect(exportTarget('tfjs', 'C:\\exports', 'cnn')).toBe('C:\\exports\\cnn');
  });

  it('builds the Keras command for each strategy and the replace question', () => {
    expect(kerasCommand('/out/cnn/cnn.py', 'default')).toBe('python3 /out/cnn/cnn.py --data IMAGES_FOLDER');
    expect(kerasCommand('/my out/x.py', 'mirrored')).toBe(
      "python3 '/my out/x.py' --data IMAGES_FOLDER --strategy mirrored",
    );
    expect(kerasCommand('/o/x.py', 'tpu')).toMatch(/--strategy tpu --tpu TPU_NAME$/);
    expect([replaceTitle(1), replaceTitle(4)]).toEqual(['Replace 1 existing file?', 'Replace 4 existing files?']);
    // The question names exactly the files that go, and says the folder's other files stay.
    expect(replaceQuestion('tfjs', '/o/cnn', ['/o/cnn/model.json', '/o/cnn/group1-shard1of1.bin'])).toBe(
      'Exporting into the folder /o/cnn replaces model.json and group1-shard1of1.bin. Other files there are kept.',
    );
    expect(replaceQuestion('keras', '/o/cnn', ['/o/cnn/cnn.py'])).toBe(
      'Exporting into the folder /o/cnn replaces cnn.py. Other files there are kept.',
    );
    expect(replaceQuestion('project', '/o/cnn.filterbank.json', ['/o/cnn.filterbank.json'])).toBe(
      '/o/cnn.filterbank.json already exists. Exporting replaces that file.',
    );
  });
});

/** Parses `source` as the body of an async function (imports turned into require calls): throws a SyntaxError. */
function parseSnippet(source: string): void {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
  });
  expect(js.diagnostics ?? []).toEqual([]);
  const AsyncFunction = (async () => undefined).constructor as new (...args: string[]) => unknown;
  new AsyncFunction('require', 'exports', js.outputText);
}

describe('usage snippets', () => {
  it('parse as one module each, so pasting one runs (no name declared twice, odd names quoted)', () => {
    const odd = "o'neil `x` ${y} \\";
    const snippets = {
      tfjs: tfjsSnippet('/home/me/out/cnn'),
      typescript: typescriptSnippet('cnn'),
      tfjsOddName: tfjsSnippet(`/home/${odd}/cnn ${odd}`),
      typescriptOddName: typescriptSnippet(odd),
    };
    for (const [format, source] of Object.entries(snippets)) expect(() => parseSnippet(source), format).not.toThrow();
    // The check itself catches the tester's paste error.
    expect(() => parseSnippet('const model = 1;\nconst model = 2;')).toThrow(/already been declared/);
  });
});
