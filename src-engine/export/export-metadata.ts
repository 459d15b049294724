import { z } from 'zod';
import { PreprocessingSchema, TrainingSettingsSchema } from '../model/settings';
import type { ExportModel } from './export-model';
import type { CompiledLayer } from '../model/executor';

export const METADATA_KEY = 'filterbank';
export const METADATA_VERSION = 1;

/**
 * What travels with an exported model besides Keras' topology: how images become its input and what its outputs
 * mean, and the editor-only structure (groups, positions) keyed by layer name. Stored under
 * `userDefinedMetadata.filterbank` in model.json and in the filterbank.json sidecar.
 */
export const ExportMetadataSchema = z.object({
  version: z.literal(METADATA_VERSION),
  modelName: z.string(),
  /** One sample's shape without the batch axis, NHWC: [height, width, channels]. */
  inputShape: z.array(z.number().int()),
  preprocessing: PreprocessingSchema.nullable(),
  classNames: z.array(z.string()),
  training: TrainingSettingsSchema.nullable().default(null),
  /** `parent`: the enclosing block's name, for a block inside a block. */
  groups: z
    .array(z.object({ name: z.string(), layers: z.array(z.string()), parent: z.string().optional() }))
    .default([]),
  layout: z.record(z.string(), z.object({ x: z.number(), y: z.number() })).default({}),
});
export type ExportMetadata = z.infer<typeof ExportMetadataSchema>;

export function exportMetadata(model: ExportModel, layers: readonly CompiledLayer[]): ExportMetadata {
  const nameOf = new Map(layers.map((l) => [l.id, l.name]));
  const named = (ids: readonly string[]) => ids.map((id) => nameOf.get(id)).filter((n): n is string => n !== undefined);
  const layout: ExportMetadata['layout'] = {};
  for (const [id, pos] of Object.entries(model.project.layout)) {
    const name = nameOf.get(id);
    if (name) layout[name] = pos;
  }
  return {
    version: METADATA_VERSION,
    modelName: model.project.graph.name,
    inputShape: [...model.compiled.inputShape],
    preprocessing: model.preprocessing,
    classNames: model.classNames,
    training: model.project.training,
    groups: (model.project.graph.groups ?? [])
      .map((g) => {
        const parent = model.project.graph.groups?.find((p) => p.id === g.parent)?.name;
        return { name: g.name, layers: named(g.nodeIds), ...(parent ? { parent } : {}) };
      })
      .filter((g) => g.layers.length > 0),
    layout,
  };
}
