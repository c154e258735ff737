import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/core/table.js';
import { inputErrorOf, nullPrototype } from '../support/input-error.js';

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

describe('formatTable arguments', () => {
  it('formatTable rejects precision 0 with an InputError instead of a RangeError from toPrecision', () => {
    const e = inputErrorOf(() => formatTable(['x'], [[1.5]], { precision: 0 }));
    expect(e.argument).toBe('precision');
    expect(e.message).toMatch(/precision to be an integer greater than 0 but found 0/);
    expect(inputErrorOf(() => formatTable(['x'], [[1.5]], { precision: 101 })).message).toMatch(/at most 100/);
  });

  it('formatTable accepts null options and rejects rows that are not arrays', () => {
    expect(formatTable(['x'], [[1]], null as never)).toBe('x\n-\n1');
    expect(inputErrorOf(() => formatTable(['x'], nullPrototype([[1]]))).argument).toBe('rows');
    expect(inputErrorOf(() => formatTable(['x'], [null as never])).argument).toBe('rows[0]');
  });
});
