import type { Shape } from '../layers/types';
import type { LayerGroup, ModelGraph } from './graph';
import { innermostGroups } from './group-tree';
import { inferShapes, type GraphInference, type NodeInference } from './inference';

export interface SummaryRow {
  name: string;
  /** Keras class name; 'Sequential' for a named group of layers. */
  className: string;
  /** Output shape with the batch axis as null, as Keras prints (None, …). */
  outputShape: (number | null)[] | null;
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** Names of the layers feeding this one (functional models only). */
  connectedTo: string[];
  /** Node ids this row stands for (several for a group). */
  nodeIds: string[];
  /** A block's id, and its rows one level down (layers and inner blocks), as Keras' `expand_nested` lists them. */
  groupId?: string;
  children?: SummaryRow[];
}

export interface ModelSummary {
  name: string;
  /** Sequential chains omit the InputLayer row and the "Connected to" column, as Keras does. */
  style: 'sequential' | 'functional';
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}

/** A single InputLayer feeding a chain in which every layer has one input and one consumer. */
export function isSequentialChain(graph: ModelGraph): boolean {
  const consumers = new Map<string, number>();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const inputs = graph.nodes.filter((n) => n.className === 'InputLayer');
  return inputs.length === 1 && graph.nodes.every((n) => n.inputs.length <= 1 && (consumers.get(n.id) ?? 0) <= 1);
}

const withBatch = (s: Shape | null) => (s ? [null, ...s] : null);

export function summarize(graph: ModelGraph, inference: GraphInference = inferShapes(graph)): ModelSummary {
  const style = isSequentialChain(graph) ? 'sequential' : 'functional';
  const groups = graph.groups ?? [];
  const byId = new Map(groups.map((g) => [g.id, g]));
  const innermost = innermostGroups(groups);
  // Each layer's blocks, outermost first: the row a layer falls in at each level of the summary.
  const chainOf = (id: string): LayerGroup[] => {
    const chain: LayerGroup[] = [];
    for (let g = innermost.get(id); g && !chain.includes(g); g = g.parent ? byId.get(g.parent) : undefined)
      chain.unshift(g);
    return chain;
  };
  const listed = inference.order
    .map((id) => inference.nodes.get(id))
    .filter((info): info is NodeInference => info !== undefined)
    .filter((info) => style !== 'sequential' || info.node.className !== 'InputLayer')
    .map((info) => ({ info, chain: chainOf(info.node.id) }));
  const rows = rowsAt(listed, 0, inference);
  return {
    name: graph.name,
    style,
    rows,
    totalParams: inference.totalParams,
    trainableParams: inference.trainableParams,
    nonTrainableParams: inference.nonTrainableParams,
  };
}

type Listed = { info: NodeInference; chain: LayerGroup[] };

/** The rows at one nesting level: a layer outside any deeper block, or one Sequential row per block (with children). */
function rowsAt(listed: readonly Listed[], level: number, inference: GraphInference): SummaryRow[] {
  const nameOf = (id: string) => inference.nodes.get(id)?.node.name ?? id;
  // Each block's members in execution order, gathered in one pass (a pass per block is quadratic).
  const membersOf = new Map<LayerGroup, Listed[]>();
  for (const item of listed) {
    const g = item.chain[level];
    if (!g) continue;
    const list = membersOf.get(g);
    if (list) list.push(item);
    else membersOf.set(g, [item]);
  }
  const rows: SummaryRow[] = [];
  for (const item of listed) {
    const { info } = item;
    const group = item.chain[level];
    if (!group) {
      rows.push({
        name: info.node.name,
        className: info.node.className,
        outputShape: withBatch(info.outputShape),
        params: info.trainableParams + info.nonTrainableParams,
        trainableParams: info.trainableParams,
        nonTrainableParams: info.nonTrainableParams,
        connectedTo: info.node.inputs.map(nameOf),
        nodeIds: [info.node.id],
      });
      continue;
    }
    const members = membersOf.get(group);
    if (!members) continue;
    membersOf.delete(group);
    const last = members[members.length - 1].info;
    const memberIds = new Set(members.map((m) => m.info.node.id));
    const trainable = members.reduce((n, m) => n + m.info.trainableParams, 0);
    const nonTrainable = members.reduce((n, m) => n + m.info.nonTrainableParams, 0);
    rows.push({
      name: group.name,
      className: 'Sequential',
      outputShape: withBatch(last.outputShape),
      params: trainable + nonTrainable,
      trainableParams: trainable,
      nonTrainableParams: nonTrainable,
      connectedTo: members.flatMap((m) => m.info.node.inputs.filter((i) => !memberIds.has(i))).map(nameOf),
      nodeIds: members.map((m) => m.info.node.id),
      groupId: group.id,
      children: rowsAt(members, level + 1, inference),
    });
  }
  return rows;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Keras' readable_memory_size for float32 weights. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(2)} ${units[u]}`;
}

export function formatShapeWithBatch(shape: (number | null)[] | null): string {
  if (!shape) return '?';
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** The model.summary() table, drawn as Keras 3 draws it. */
export function formatSummary(summary: ModelSummary): string {
  const functional = summary.style === 'functional';
  const header = ['Layer (type)', 'Output Shape', 'Param #', ...(functional ? ['Connected to'] : [])];
  const body = summary.rows.map((r) => [
    `${r.name} (${r.className})`,
    formatShapeWithBatch(r.outputShape),
    formatCount(r.params),
    ...(functional ? [r.connectedTo.join(', ') || '-'] : []),
  ]);
  // A loop, not Math.max(...column): spreading a user-sized list as arguments overflows the stack.
  const widths = header.map((h) => h.length + 2);
  for (const row of body) for (let c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], row[c].length + 2);
  const cell = (text: string, c: number) =>
    c === 2 ? ` ${text.padStart(widths[c] - 2)} ` : ` ${text.padEnd(widths[c] - 2)} `;
  const rule = (l: string, m: string, r: string, fill: string) => l + widths.map((w) => fill.repeat(w)).join(m) + r;
  const lines = [
    `Model: "${summary.name}"`,
    rule('┏', '┳', '┓', '━'),
    '┃' + header.map(cell).join('┃') + '┃',
    rule('┡', '╇', '┩', '━'),
  ];
  body.forEach((row, i) => {
    lines.push('│' + row.map(cell).join('│') + '│');
    lines.push(i === body.length - 1 ? rule('└', '┴', '┘', '─') : rule('├', '┼', '┤', '─'));
  });
  if (body.length === 0) lines.push(rule('└', '┴', '┘', '─'));
  const total = (label: string, n: number) => ` ${label}: ${formatCount(n)} (${formatBytes(n * 4)})`;
  lines.push(
    total('Total params', summary.totalParams),
    total('Trainable params', summary.trainableParams),
    total('Non-trainable params', summary.nonTrainableParams),
  );
  return lines.join('\n');
}
