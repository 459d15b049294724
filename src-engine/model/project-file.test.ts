import { describe, expect, it } from 'vitest';
import { MAX_LAYERS } from './limits';
import { parseProjectFile, ProjectFileError } from './project-file';

function chain(count: number): string {
  const nodes = ['{"id":"n0","name":"input_layer","className":"InputLayer","params":{"shape":[4]},"inputs":[]}'];
  for (let i = 1; i <= count; i++)
    nodes.push(`{"id":"n${i}","name":"dense_${i}","className":"Dense","params":{"units":4},"inputs":["n${i - 1}"]}`);
  return `{"format":"filterbank-project","version":1,"graph":{"name":"chain","nodes":[${nodes.join(',')}]}}`;
}

describe('parseProjectFile on hostile input', () => {
  it('refuses a model of more layers than Filterbank opens, before validating each layer', () => {
    expect(() => parseProjectFile(chain(MAX_LAYERS + 5))).toThrow(/at most 10,000 layers/);
    expect(parseProjectFile(chain(50)).graph.nodes).toHaveLength(51);
  });

  it('says where a text is not JSON without quoting it', () => {
    let message = '';
    try {
      parseProjectFile('root:SECRET-HASH:19000');
    } catch (error) {
      expect(error).toBeInstanceOf(ProjectFileError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/not valid JSON \(line 1, column 1/);
    expect(message).not.toMatch(/root|SECRET/);
  });
});
