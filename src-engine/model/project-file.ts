import { z } from 'zod';
import { base64ToFloat32, float32ToBase64 } from '../core/base64';
import { sizeOf, type Tensor } from '../core/tensor';
import type { ModelGraph } from './graph';
import { groupTreeProblem } from './group-tree';
import { describeJsonSyntaxError } from './json-syntax';
import { MAX_LAYERS } from './limits';
import { nameRuleProblem } from './names';
import { RunListSchema } from './run-record';
import { DatasetSettingsSchema, EpochRecordSchema, TrainingSettingsSchema } from './settings';

export const PROJECT_FORMAT = 'filterbank-project';
export const PROJECT_VERSION = 1;

/** A layer, block or model name: refused unless it follows the name rule (names.ts), with the name and the rule. */
const kerasName = (what: string) =>
  z.string().superRefine((name, ctx) => {
    const problem = nameRuleProblem(name, what);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const NodeSchema = z.object({
  id: z.string().min(1),
  name: kerasName('layer name'),
  className: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  inputs: z.array(z.string()).default([]),
});

export const GraphSchema = z
  .object({
    name: kerasName('model name').default('model'),
    // Checked before the nodes themselves: a million-layer file is refused at once, not after minutes of work.
    nodes: z
      .array(z.unknown())
      .max(
        MAX_LAYERS,
        `Filterbank opens models of at most ${MAX_LAYERS.toLocaleString('en-US')} ` +
          `layers: split it or use fewer, larger layers`,
      )
      .pipe(z.array(NodeSchema)),
    groups: z
      .array(
        z.object({
          id: z.string(),
          name: kerasName('block name'),
          nodeIds: z.array(z.string()),
          parent: z.string().optional(),
        }),
      )
      .optional(),
    output: z.string().optional(),
  })
  .superRefine((graph, ctx) => {
    const problem = groupTreeProblem(graph);
    if (problem) ctx.addIssue({ code: 'custom', path: ['groups'], message: problem });
  });

const StoredTensorSchema = z.object({ shape: z.array(z.number().int().min(0)), data: z.string() });

export const ProjectFileSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  graph: GraphSchema,
  /** Editor positions of nodes, by node id. */
  layout: z.record(z.string(), z.object({ x: z.number(), y: z.number() })).default({}),
  collapsedGroups: z.array(z.string()).default([]),
  dataset: DatasetSettingsSchema.nullable().default(null),
  training: TrainingSettingsSchema.nullable().default(null),
  classNames: z.array(z.string()).nullable().default(null),
  /** float32 little-endian, base64, by node id then Keras weight name. */
  weights: z.record(z.string(), z.record(z.string(), StoredTensorSchema)).nullable().default(null),
  history: z.array(EpochRecordSchema).default([]),
  /** Every run's curves and outcome, for the run table (files from before it have none). */
  runs: RunListSchema.default([]),
});
export type ProjectFile = z.infer<typeof ProjectFileSchema>;

/** Weights in memory: node id → weight name → tensor. */
export type WeightMap = Map<string, Map<string, Tensor>>;

export class ProjectFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectFileError';
  }
}

/**
 * Older layouts are migrated step by step to the current version. Version 0 is a bare graph
 * ({ name, nodes }) as early development builds saved it.
 */
function migrate(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null)
    throw new ProjectFileError('The file is not a Filterbank project: expected a JSON object');
  const obj = raw as Record<string, unknown>;
  if (obj.format === undefined && Array.isArray(obj.nodes))
    return { format: PROJECT_FORMAT, version: PROJECT_VERSION, graph: obj };
  if (obj.format !== PROJECT_FORMAT)
    throw new ProjectFileError(
      `The file is not a Filterbank project (format is ${JSON.stringify(obj.format)}, expected "${PROJECT_FORMAT}")`,
    );
  if (typeof obj.version !== 'number') throw new ProjectFileError('The project file has no version number');
  if (obj.version > PROJECT_VERSION) {
    throw new ProjectFileError(
      `The project was saved by a newer Filterbank (file version ${obj.version}, this build reads up to ` +
        `${PROJECT_VERSION}): update Filterbank to open it`,
    );
  }
  return obj;
}

export function formatZodIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** Parses and migrates a project from its JSON text; throws ProjectFileError with a readable reason. */
export function parseProjectFile(text: string): ProjectFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // V8's message quotes the text; say where instead, so an error never shows a file's content.
    throw new ProjectFileError(`The project file is not valid JSON (${describeJsonSyntaxError(text)}).`);
  }
  const parsed = ProjectFileSchema.safeParse(migrate(raw));
  if (!parsed.success)
    throw new ProjectFileError(`The project file is damaged or incomplete: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}

export function serializeProjectFile(project: ProjectFile): string {
  return JSON.stringify(ProjectFileSchema.parse(project), null, 1);
}

export function newProject(graph: ModelGraph): ProjectFile {
  return ProjectFileSchema.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, graph });
}

export function encodeWeights(weights: WeightMap): NonNullable<ProjectFile['weights']> {
  const out: NonNullable<ProjectFile['weights']> = {};
  for (const [nodeId, byName] of weights) {
    out[nodeId] = {};
    for (const [name, t] of byName) out[nodeId][name] = { shape: [...t.shape], data: float32ToBase64(t.values) };
  }
  return out;
}

/** Weights holding NaN or ±Infinity: every prediction from them is NaN, so they are refused where they are decoded. */
export class NonFiniteWeightError extends ProjectFileError {
  readonly hint = 'Train it again, or load an earlier save.';
  constructor(
    readonly layer: string,
    readonly weight: string,
    readonly nanCount: number,
    readonly infiniteCount: number,
  ) {
    const counts = [nanCount && `${nanCount} NaN`, infiniteCount && `${infiniteCount} infinite`]
      .filter(Boolean)
      .join(' and ');
    super(
      `Layer ${layer}'s ${weight} holds ${counts} value${nanCount + infiniteCount === 1 ? '' : 's'}: the model ` +
        `diverged when it was trained`,
    );
    this.name = 'NonFiniteWeightError';
  }
}

/** NaN and infinite values in `values` ([0, 0] for finite weights). */
function countNonFinite(values: Float32Array): [number, number] {
  let nan = 0;
  let infinite = 0;
  for (const v of values) {
    if (v - v !== 0) {
      if (Number.isNaN(v)) nan++;
      else infinite++;
    }
  }
  return [nan, infinite];
}

/** Decodes stored weights; `graph` names the layer when a weight holds NaN or infinite values (else its node id). */
export function decodeWeights(
  stored: NonNullable<ProjectFile['weights']>,
  graph?: Pick<ModelGraph, 'nodes'>,
): WeightMap {
  const out: WeightMap = new Map();
  for (const [nodeId, byName] of Object.entries(stored)) {
    const m = new Map<string, Tensor>();
    for (const [name, t] of Object.entries(byName)) {
      const values = base64ToFloat32(t.data);
      if (values.length !== sizeOf(t.shape)) {
        throw new ProjectFileError(
          `Weight ${nodeId}/${name} has ${values.length} values but ` +
            `its shape [${t.shape.join(', ')}] needs ${sizeOf(t.shape)}`,
        );
      }
      const [nan, infinite] = countNonFinite(values);
      if (nan + infinite > 0)
        throw new NonFiniteWeightError(graph?.nodes.find((n) => n.id === nodeId)?.name ?? nodeId, name, nan, infinite);
      m.set(name, { shape: t.shape, values });
    }
    out.set(nodeId, m);
  }
  return out;
}
