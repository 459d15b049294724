// project:initial: a project from a template, set up to train on the bundled sample digits at once.
import { DatasetSettingsSchema, defaultTrainingSettings, inferShapes, newProject, TEMPLATES } from '../../src-engine';
import { type InvokeResult, IpcError } from '../../src-shared';

export const INITIAL_TEMPLATE = 'keras-tutorial-cnn';

export function initialProject(templateId: string = INITIAL_TEMPLATE): InvokeResult<'project:initial'> {
  const template = TEMPLATES.find((t) => t.id === templateId);
  if (!template) {
    throw new IpcError(
      'not-found',
      `There is no model template ${JSON.stringify(templateId)}.`,
      `Use one of: ${TEMPLATES.map((t) => t.id).join(', ')}.`,
    );
  }
  const graph = template.build();
  const input = inferShapes(graph).nodes.get(graph.nodes[0].id)?.outputShape;
  const [height, width, channels] = input && input.length === 3 ? input : [28, 28, 1];
  const project = {
    ...newProject(graph),
    // dataset.path null: the sample digits, whose 28×28 greyscale images every template takes.
    dataset: DatasetSettingsSchema.parse({ path: null, preprocessing: { height, width, channels } }),
    training: defaultTrainingSettings(),
  };
  return {
    project,
    templateId: template.id,
    templates: TEMPLATES.map(({ id, title, description }) => ({ id, title, description })),
  };
}
