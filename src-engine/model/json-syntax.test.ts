import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { describeJsonSyntaxError, findJsonSyntaxError } from './json-syntax';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('findJsonSyntaxError', () => {
  it('agrees with JSON.parse on valid and broken texts, including random mutations', () => {
    const seeds = [
      '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"], "b": {}}',
      '[]',
      '"s"',
      '0',
      '{"k": {"l": [[{}], ""]}}',
      ' [1 ,2 ] ',
    ];
    const random = createRng(7);
    const rng = () => random.uniform();
    const alphabet = '{}[]":,\\ \n0-1.eEtrufalsn\u0001x';
    const cases = [
      ...seeds,
      '',
      ' ',
      '01',
      '1.',
      '-',
      '[1,]',
      '{"a" 1}',
      '{"a":1,}',
      '"\\x"',
      '"\\u12"',
      '"a\nb"',
      '[1]]',
      'nul',
      'tru',
    ];
    for (const seed of seeds) {
      for (let k = 0; k < 300; k++) {
        const at = Math.floor(rng() * (seed.length + 1));
        const ch = alphabet[Math.floor(rng() * alphabet.length)]!;
        cases.push(rng() < 0.5 ? seed.slice(0, at) + ch + seed.slice(at) : seed.slice(0, at) + seed.slice(at + 1));
      }
    }
    for (const text of cases) expect(findJsonSyntaxError(text) === null, JSON.stringify(text)).toBe(parses(text));
  });

  it('gives the line and column of the problem', () => {
    expect(findJsonSyntaxError('{\n  "a": 1,\n  "b": x\n}')).toEqual({
      line: 3,
      column: 8,
      problem: 'an unexpected character where a value should be',
    });
    expect(findJsonSyntaxError('{"a": [1, 2')).toMatchObject({
      line: 1,
      column: 12,
      problem: expect.stringMatching(/ends too early/),
    });
    expect(findJsonSyntaxError('{"a": 1}}')).toMatchObject({
      column: 9,
      problem: expect.stringMatching(/more text after/),
    });
  });

  it('never quotes the text, and copes with deep nesting', () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash\nsecret-hash-5f3a';
    expect(describeJsonSyntaxError(secret)).toBe('line 1, column 1: an unexpected character where a value should be');
    expect(describeJsonSyntaxError(`{"ok": 1, ${secret}}`)).not.toMatch(/root|secret/);
    expect(findJsonSyntaxError('['.repeat(1_000_000))).toMatchObject({
      problem: expect.stringMatching(/ends too early/),
    });
  });
});
