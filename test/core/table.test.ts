import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/core/table.js';

describe('formatTable', () => {
  it('formatTable aligns text left and numbers right', () => {
    expect(formatTable(['name', 'value'], [['a', 1.5], ['long name', 10]])).toBe(
      ['name       value', '---------  -----', 'a            1.5', 'long name     10'].join('\n'),
    );
  });

  it('formatTable shows booleans as check marks and rounds with precision', () => {
    expect(formatTable(['x', 'ok'], [[Math.PI, true], [2, false]], { precision: 3 })).toBe(
      ['   x  ok', '----  --', '3.14  ✓', '   2  ✗'].join('\n'),
    );
  });

  it('formatTable prints a header for an empty table', () => {
    expect(formatTable(['a'], [])).toBe('a\n-');
  });
});
