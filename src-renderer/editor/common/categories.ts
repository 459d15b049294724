import { getLayer, LAYERS, type LayerCategory } from '../../../src-engine';

/** Palette sections in order, with the colour used for a category's nodes, palette dots and minimap. */
export const CATEGORIES: readonly { id: LayerCategory; label: string; colour: string }[] = [
  { id: 'input', label: 'Input', colour: '#64748b' },
  { id: 'convolution', label: 'Convolution', colour: '#3563e9' },
  { id: 'pooling', label: 'Pooling', colour: '#0e9f8e' },
  { id: 'core', label: 'Core', colour: '#7c5cd6' },
  { id: 'normalization', label: 'Normalization', colour: '#c2410c' },
  { id: 'regularization', label: 'Regularization', colour: '#a16207' },
  { id: 'reshaping', label: 'Reshaping', colour: '#0f766e' },
  { id: 'merge', label: 'Merge', colour: '#be185d' },
];

const colourOf = new Map(CATEGORIES.map((c) => [c.id, c.colour]));

export function categoryColour(className: string | undefined): string {
  const cat = className ? getLayer(className)?.category : undefined;
  return (cat && colourOf.get(cat)) ?? '#94a3b8';
}

export function layersIn(category: LayerCategory) {
  return LAYERS.filter((l) => l.category === category);
}
