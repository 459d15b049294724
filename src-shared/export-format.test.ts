import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT_ALIASES, EXPORT_FORMATS } from '../src-engine';
import { ExportFormat } from './index';

describe('export formats', () => {
  it('are one vocabulary: the contract offers the engine formats, and each CLI name is an alias of one', () => {
    expect(ExportFormat.options).toEqual([...EXPORT_FORMATS]);
    expect(Object.keys(EXPORT_FORMAT_ALIASES)).toEqual(['tfjs', 'ts', 'keras', 'json']);
    expect(Object.values(EXPORT_FORMAT_ALIASES).sort()).toEqual([...EXPORT_FORMATS].sort());
  });
});
