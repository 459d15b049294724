import { describe, expect, it } from 'vitest';
import { exportTfjs } from '../export/tfjs-export';
import { importModel, ModelImportError } from '../export/model-import';
import { projectWithWeights, sequentialCnn } from '../export/export-fixtures.test-support';
import { fileBytes } from '../export/types';
import { sequential } from './graph';
import { importKerasModel, KerasImportError } from './keras-import';
import { parseModelText } from './load-model';
import { nameRuleProblem, NAME_RULE } from './names';
import { newProject, parseProjectFile, serializeProjectFile } from './project-file';
import { kerasTutorialCnn, TEMPLATES } from './templates';

/**
 * Names that would become code, break a comment or a string, or confuse TF.js weight names, if written out verbatim.
 */
const HOSTILE_NAMES = [
  'm """\nprint("x")\n"""',
  'conv\nprint("x")',
  'dense */ console.log(1) /*',
  'back\\slash',
  'quote"d',
  "single'quote",
  'line\u2028separator',
  'para\u2029separator',
  'tpl${process.exit(1)}',
  'back`tick`',
  'conv2d/kernel',
  'with space',
  '',
  'x'.repeat(129),
];

const tiny = () =>
  sequential('tiny', [
    { className: 'InputLayer', params: { shape: [4] } },
    { className: 'Dense', params: { units: 2 } },
  ]);

describe('the name rule', () => {
  it('accepts Keras-style names and every template', () => {
    for (const name of ['conv2d', 'conv2d_1', 'max_pooling2d', 'block1.conv-a', '_private', 'x'.repeat(128)])
      expect(nameRuleProblem(name)).toBeNull();
    for (const t of TEMPLATES) {
      const graph = t.build();
      for (const n of [graph.name, ...graph.nodes.map((x) => x.name), ...(graph.groups ?? []).map((g) => g.name)])
        expect(nameRuleProblem(n)).toBeNull();
    }
  });

  it('refuses each hostile name, saying which name, which character and the rule, on one line', () => {
    for (const name of HOSTILE_NAMES) {
      const problem = nameRuleProblem(name, 'layer name');
      expect(problem, JSON.stringify(name)).toContain(NAME_RULE);
      expect(problem).not.toMatch(/[\n\r\u2028\u2029]/);
    }
    expect(nameRuleProblem('conv\nprint("x")', 'layer name')).toBe(
      `the layer name "conv\\nprint(\\"x\\")" has a line break (U+000A) at position 5: ${NAME_RULE}`,
    );
    expect(nameRuleProblem('conv2d/kernel', 'layer name')).toContain("has '/' at position 7");
    expect(nameRuleProblem('line\u2028separator')).toContain('"line\\u2028separator" has U+2028 at position 5');
    expect(nameRuleProblem('2x')).toContain("starts with '2'");
  });
});

describe('names are validated where a model enters Filterbank', () => {
  it('a project file with a hostile layer, model or block name is refused with the name and the rule', () => {
    for (const name of HOSTILE_NAMES) {
      const layer = JSON.parse(serializeProjectFile(newProject(tiny())));
      layer.graph.nodes[1].name = name;
      expect(() => parseProjectFile(JSON.stringify(layer)), JSON.stringify(name)).toThrow(
        /graph\.nodes\.1\.name: the layer name .*names use only letters/,
      );
      const model = JSON.parse(serializeProjectFile(newProject(tiny())));
      model.graph.name = name;
      expect(() => parseProjectFile(JSON.stringify(model))).toThrow(
        /graph\.name: the model name .*names use only letters/,
      );
      const group = JSON.parse(serializeProjectFile(newProject(tiny())));
      group.graph.groups = [{ id: 'g0', name, nodeIds: ['n1'] }];
      expect(() => parseProjectFile(JSON.stringify(group))).toThrow(
        /graph\.groups\.0\.name: the block name .*names use only letters/,
      );
    }
    expect(parseProjectFile(serializeProjectFile(newProject(kerasTutorialCnn()))).graph.name).toBe(
      'keras_tutorial_cnn',
    );
  });

  it('a Keras topology with a hostile layer or model name is refused, naming it', () => {
    const keras = (model: string, layer: string) => ({
      class_name: 'Sequential',
      config: {
        name: model,
        layers: [{ class_name: 'Dense', config: { name: layer, units: 3, batch_input_shape: [null, 4] } }],
      },
    });
    expect(importKerasModel(keras('s', 'd')).graph.nodes.map((n) => n.name)).toEqual(['input_layer', 'd']);
    for (const name of HOSTILE_NAMES) {
      expect(() => importKerasModel(keras('s', name)), JSON.stringify(name)).toThrow(KerasImportError);
      expect(() => importKerasModel(keras('s', name))).toThrow(/the layer name .*names use only letters/);
      // An empty model name falls back to Keras' default, 'sequential'.
      if (name !== '')
        expect(() => importKerasModel(keras(name, 'd'))).toThrow(/the model name .*names use only letters/);
      expect(() => parseModelText(JSON.stringify(keras('s', name)))).toThrow(/names use only letters/);
    }
    const functional = {
      class_name: 'Functional',
      config: {
        name: 'f',
        layers: [
          {
            name: 'in',
            class_name: 'InputLayer',
            config: { name: 'in', batch_input_shape: [null, 4] },
            inbound_nodes: [],
          },
          {
            name: 'a\nprint(1)',
            class_name: 'Dense',
            config: { name: 'a\nprint(1)', units: 2 },
            inbound_nodes: [[['in', 0, 0, {}]]],
          },
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [['a\nprint(1)', 0, 0]],
      },
    };
    expect(() => importKerasModel(functional)).toThrow(/the layer name "a\\nprint\(1\)" has a line break/);
  });

  it('a TF.js model.json whose Filterbank metadata names the model or a block with a hostile name is refused', () => {
    const { files } = exportTfjs(projectWithWeights(sequentialCnn(), 3));
    const json = JSON.parse(new TextDecoder().decode(fileBytes(files.find((f) => f.path === 'model.json')!)));
    const named = structuredClone(json);
    named.userDefinedMetadata.filterbank.modelName = 'm """\nprint("x")\n"""';
    expect(() => importModel(named, null)).toThrow(ModelImportError);
    expect(() => importModel(named, null)).toThrow(/the model name "m \\"\\"\\"\\nprint.*names use only letters/);
    const grouped = structuredClone(json);
    grouped.userDefinedMetadata.filterbank.groups = [{ name: 'a */ b', layers: ['conv2d'] }];
    expect(() => importModel(grouped, null)).toThrow(/the block name "a \*\/ b" has a space/);
  });
});
