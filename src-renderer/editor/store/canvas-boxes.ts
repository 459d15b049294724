import { COLUMN_GAP, FRAME_PAD, FRAME_SIDE, NODE_HEIGHT, NODE_WIDTH, type XY } from './auto-layout';

export { FRAME_PAD, FRAME_SIDE } from './auto-layout';
import { blockView } from './block-view';
import { groupOrigin } from './doc-layout';
import type { EditorDoc } from './project-io';

/** The room a feature-map thumbnail takes beside its node (10px offset, 96px image, padding and border, a gap). */
export const THUMB_LANE = 120;
/** A collapsed block node is taller than a layer: it has an Expand button. */
export const BLOCK_HEIGHT = 100;
/** Room left between boxes placed by this module. */
const GAP = 40;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export type Sizes = Readonly<Record<string, { width: number; height: number }>>;

export const intersects = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The box that encloses `boxes` (they must not be empty). */
export function unionBox(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

const layerBox = (doc: EditorDoc, id: string, sizes: Sizes): Box => {
  const p = doc.layout[id] ?? { x: 0, y: 0 };
  return { x: p.x, y: p.y, width: sizes[id]?.width ?? NODE_WIDTH, height: sizes[id]?.height ?? NODE_HEIGHT };
};

/** An expanded block's frame: its layers' box, padded, with the side column on the right. */
export function frameBox(doc: EditorDoc, nodeIds: readonly string[], sizes: Sizes = {}): Box {
  const inner = unionBox(nodeIds.map((id) => layerBox(doc, id, sizes)));
  return {
    x: inner.x - FRAME_PAD,
    y: inner.y - FRAME_PAD,
    width: inner.width + 2 * FRAME_PAD + FRAME_SIDE,
    height: inner.height + 2 * FRAME_PAD,
  };
}

/**
 * What the canvas draws, as boxes keyed by layer id or `block:<group id>`: a layer outside collapsed blocks,
 * a collapsed block's node, and (key `frame:<group id>`) an expanded block's frame. `sizes` holds measured sizes.
 */
export function canvasBoxes(doc: EditorDoc, sizes: Sizes = {}): Record<string, Box> {
  const boxes: Record<string, Box> = {};
  const hidden = new Set<string>();
  // Blocks inside a collapsed block are not drawn: the collapsed block's node stands for them.
  const inCollapsed = blockView(doc).hidden;
  for (const g of doc.graph.groups ?? []) {
    if (g.nodeIds.length === 0 || inCollapsed.has(g.id)) continue;
    if (doc.collapsedGroups.includes(g.id)) {
      const o = groupOrigin(doc, g.nodeIds);
      const size = sizes[`block:${g.id}`];
      boxes[`block:${g.id}`] = { ...o, width: size?.width ?? NODE_WIDTH, height: size?.height ?? BLOCK_HEIGHT };
      for (const id of g.nodeIds) hidden.add(id);
    } else boxes[`frame:${g.id}`] = frameBox(doc, g.nodeIds, sizes);
  }
  for (const n of doc.graph.nodes) if (!hidden.has(n.id)) boxes[n.id] = layerBox(doc, n.id, sizes);
  return boxes;
}

/**
 * The layout after expanding a collapsed block (`doc` still has it collapsed): what is below the block's top moves
 * down, all by one amount so its arrangement is kept, until it clears the block's frame; a node beside the block
 * that the frame would cover moves right. The block's own layers keep their places.
 */
export function layoutForExpand(doc: EditorDoc, groupId: string, sizes: Sizes = {}): Record<string, XY> {
  const group = doc.graph.groups?.find((g) => g.id === groupId);
  if (!group || group.nodeIds.length === 0) return { ...doc.layout };
  const frame = frameBox(doc, group.nodeIds, sizes);
  const top = groupOrigin(doc, group.nodeIds).y;
  const others = Object.entries(canvasBoxes(doc, sizes)).filter(([key]) => key !== `block:${groupId}`);
  const overlapsAcross = (b: Box) => b.x < frame.x + frame.width && frame.x < b.x + b.width;
  const below = others.filter(([, b]) => b.y > top);
  const dy = Math.max(
    0,
    ...below.filter(([, b]) => overlapsAcross(b)).map(([, b]) => frame.y + frame.height + GAP - b.y),
  );
  const moves = new Map<string, XY>();
  for (const [key] of below) moves.set(key, { x: 0, y: dy });
  for (const [key, b] of others) {
    if (b.y <= top && intersects(b, frame)) moves.set(key, { x: frame.x + frame.width + GAP - b.x, y: 0 });
  }
  const layout = { ...doc.layout };
  const move = (id: string, d: XY) => {
    const p = layout[id];
    if (p && (d.x || d.y)) layout[id] = { x: p.x + d.x, y: p.y + d.y };
  };
  const groups = new Map((doc.graph.groups ?? []).map((g) => [g.id, g]));
  for (const [key, d] of moves) {
    const [kind, id] = key.includes(':') ? key.split(':') : ['layer', key];
    if (kind === 'layer') move(id, d);
    else for (const m of groups.get(id)?.nodeIds ?? []) move(m, d);
  }
  return layout;
}

/**
 * The layout after collapsing an expanded block (`doc` still has it expanded), the inverse of layoutForExpand: what
 * is below the block's top moves up, all by one amount, to one gap below the block node, as far as nothing it meets
 * on the way (a node beside the block) stops it. The block's own layers keep their places.
 */
export function layoutForCollapse(doc: EditorDoc, groupId: string, sizes: Sizes = {}): Record<string, XY> {
  const group = doc.graph.groups?.find((g) => g.id === groupId);
  if (!group || group.nodeIds.length === 0) return { ...doc.layout };
  const origin = groupOrigin(doc, group.nodeIds);
  const size = sizes[`block:${groupId}`];
  const block: Box = { ...origin, width: size?.width ?? NODE_WIDTH, height: size?.height ?? BLOCK_HEIGHT };
  const frame = frameBox(doc, group.nodeIds, sizes);
  const inBlock = new Set(group.nodeIds);
  // Left out: this block's own boxes, blocks inside it, and the frames of blocks around it (they shrink with it).
  const skip = new Set([`frame:${groupId}`]);
  for (const g of doc.graph.groups ?? []) {
    if (g.nodeIds.every((id) => inBlock.has(id))) skip.add(`frame:${g.id}`).add(`block:${g.id}`);
    else if (group.nodeIds.every((id) => g.nodeIds.includes(id))) skip.add(`frame:${g.id}`);
  }
  const others = Object.entries(canvasBoxes(doc, sizes)).filter(([key]) => !inBlock.has(key) && !skip.has(key));
  const across = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width;
  const below = others.filter(([, b]) => b.y > origin.y);
  const still = [block, ...others.filter(([, b]) => b.y <= origin.y).map(([, b]) => b)];
  const under = below.filter(([, b]) => across(b, frame)).map(([, b]) => b.y);
  if (under.length === 0) return { ...doc.layout };
  let dy = Math.min(...under) - (block.y + block.height + GAP);
  for (const [, b] of below) {
    for (const s of still) if (across(b, s) && s.y < b.y) dy = Math.min(dy, b.y - (s.y + s.height + GAP));
  }
  if (dy <= 0) return { ...doc.layout };
  const layout = { ...doc.layout };
  const groups = new Map((doc.graph.groups ?? []).map((g) => [g.id, g]));
  for (const [key] of below) {
    const [kind, id] = key.includes(':') ? key.split(':') : ['layer', key];
    // An expanded block's frame follows its layers, which are moved as layers.
    if (kind === 'frame') continue;
    const ids = kind === 'layer' ? [id] : (groups.get(id)?.nodeIds ?? []);
    for (const m of ids) if (layout[m]) layout[m] = { x: layout[m].x, y: layout[m].y - dy };
  }
  return layout;
}

/**
 * Where pasted layers go: at `offset` from where they were copied when that spot is free, otherwise to the right of
 * everything on the canvas at the same height, so a paste never lands on top of other nodes.
 */
export function pasteOffset(doc: EditorDoc, copied: Readonly<Record<string, XY>>, offset: XY, sizes: Sizes = {}): XY {
  const ids = Object.keys(copied);
  const existing = Object.values(canvasBoxes(doc, sizes));
  if (ids.length === 0 || existing.length === 0) return offset;
  const at = (d: XY) =>
    ids.map((id) => ({
      x: copied[id].x + d.x,
      y: copied[id].y + d.y,
      width: sizes[id]?.width ?? NODE_WIDTH,
      height: sizes[id]?.height ?? NODE_HEIGHT,
    }));
  const free = (d: XY) => at(d).every((b) => existing.every((e) => !intersects(b, e)));
  if (free(offset)) return offset;
  const right = Math.max(...existing.map((b) => b.x + b.width));
  const left = Math.min(...at({ x: 0, y: 0 }).map((b) => b.x));
  return { x: right + COLUMN_GAP - left, y: offset.y };
}

/** Every pair of drawn boxes that overlap (`a / b`), except a frame and what it encloses; [] when all is clear. */
export function overlappingPairs(doc: EditorDoc, sizes: Sizes = {}): string[] {
  const members = new Map((doc.graph.groups ?? []).map((g) => [`frame:${g.id}`, new Set(g.nodeIds)]));
  const inside = (key: string) => {
    if (!key.includes(':')) return [key];
    return [...(doc.graph.groups?.find((g) => g.id === key.split(':')[1])?.nodeIds ?? [])];
  };
  const encloses = (frame: string, other: string) => {
    const set = members.get(frame);
    return set !== undefined && inside(other).every((id) => set.has(id));
  };
  const boxes = Object.entries(canvasBoxes(doc, sizes));
  const hits: string[] = [];
  boxes.forEach(([a, ba], i) => {
    for (const [b, bb] of boxes.slice(i + 1)) {
      if (intersects(ba, bb) && !encloses(a, b) && !encloses(b, a)) hits.push(`${a} / ${b}`);
    }
  });
  return hits;
}
