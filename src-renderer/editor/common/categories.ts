import { getLayer, LAYERS, type LayerCategory } from '../../../src-engine';

/**
 * The label and colour of each category's nodes, palette dots and minimap. A Record, so a category added to the
 * engine's LayerCategory is a type error here until it has a palette section (its layers would be missing otherwise).
 */
const CATEGORY_STYLES: Record<LayerCategory, { label: string; colour: string }> = {
  input: { label: 'Input', colour: '#64748b' },
  convolution: { label: 'Convolution', colour: '#3563e9' },
  pooling: { label: 'Pooling', colour: '#0e9f8e' },
  core: { label: 'Core', colour: '#7c5cd6' },
  normalization: { label: 'Normalization', colour: '#c2410c' },
  regularization: { label: 'Regularization', colour: '#a16207' },
  reshaping: { label: 'Reshaping', colour: '#0f766e' },
  merge: { label: 'Merge', colour: '#be185d' },
};

/** Palette sections in order. */
export const CATEGORIES: readonly { id: LayerCategory; label: string; colour: string }[] = (
  Object.keys(CATEGORY_STYLES) as LayerCategory[]
).map((id) => ({
  id,
  ...CATEGORY_STYLES[id],
}));

const colourOf = new Map(CATEGORIES.map((c) => [c.id, c.colour]));

export function categoryColour(className: string | undefined): string {
  const cat = className ? getLayer(className)?.category : undefined;
  return (cat && colourOf.get(cat)) ?? '#94a3b8';
}

export function layersIn(category: LayerCategory) {
  return LAYERS.filter((l) => l.category === category);
}
