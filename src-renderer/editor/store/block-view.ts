import { ancestorsOf, type LayerGroup } from '../../../src-engine';
import type { EditorDoc } from './project-io';

export interface BlockView {
  /** Blocks inside a collapsed block: not drawn at all, whatever their own state. */
  hidden: ReadonlySet<string>;
  /** Each layer inside a drawn collapsed block → that block (the outermost collapsed one). */
  blockOf: ReadonlyMap<string, string>;
  /** For a drawn expanded block: 1, plus the most levels of expanded blocks drawn inside it (its frame's rings). */
  rings: ReadonlyMap<string, number>;
}

/** How nested blocks are drawn: collapsing an outer block hides the inner ones; expanding shows them as they were. */
export function blockView(doc: EditorDoc): BlockView {
  const groups: readonly LayerGroup[] = doc.graph.groups ?? [];
  const collapsed = new Set(doc.collapsedGroups);
  const hidden = new Set<string>();
  for (const g of groups) if (ancestorsOf(groups, g.id).some((a) => collapsed.has(a))) hidden.add(g.id);
  const blockOf = new Map<string, string>();
  const rings = new Map<string, number>();
  for (const g of groups) {
    if (hidden.has(g.id)) continue;
    if (collapsed.has(g.id)) for (const id of g.nodeIds) blockOf.set(id, g.id);
    else {
      rings.set(g.id, Math.max(rings.get(g.id) ?? 0, 1));
      // Each expanded ancestor needs one ring more than this block.
      ancestorsOf(groups, g.id).forEach((a, i) => rings.set(a, Math.max(rings.get(a) ?? 0, i + 2)));
    }
  }
  return { hidden, blockOf, rings };
}
