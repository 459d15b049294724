import { describe, expect, it } from 'vitest';
import { inferShapes, kerasTutorialCnn } from '../../../src-engine';
import { fieldTextOf } from './fields';

describe('fieldTextOf', () => {
  it("states each spatial layer's receptive field, and none for the input or after Flatten", () => {
    const graph = kerasTutorialCnn();
    const inference = inferShapes(graph);
    const text = (name: string) => fieldTextOf(inference, graph.nodes.find((n) => n.name === name)!.id);
    expect(text('conv2d')).toBe('sees 5×5 px, steps 1 px');
    expect(text('max_pooling2d')).toBe('sees 6×6 px, steps 2 px');
    expect(text('conv2d_1')).toBe('sees 14×14 px, steps 2 px');
    expect(text('max_pooling2d_1')).toBe('sees 16×16 px, steps 4 px');
    expect(text('flatten')).toBeNull();
    expect(fieldTextOf(inference, inference.inputIds[0])).toBeNull();
  });
});
