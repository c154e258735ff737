import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  checkChoice, checkFinite, checkMatrix, checkPositive, checkPositiveInteger, checkSameSamples, checkVector, describe as describeValue,
} from '../../src/core/validate.js';
import {
  LIMITS, checkArray, checkBoolean, checkFunction, checkList, checkOptions, checkResult, checkSize, checkString, checkStrings, checkValueCount, isOrdinaryArray, quote,
} from '../../src/core/validate.js';
import { inputErrorOf, nullPrototype } from '../support/input-error.js';

const errorOf = inputErrorOf;

describe('checkMatrix', () => {
  it('checkMatrix returns [rows, columns] of a valid matrix', () => {
    expect(checkMatrix('inputs', [[1, 2], [3, 4], [5, 6]])).toEqual([3, 2]);
  });

  it.each([
    ['not an array', 5, /array of rows but found 5/],
    ['empty', [], /at least one row but it is empty/],
    ['row not an array', [3], /inputs\[0\] to be an array of numbers/],
    ['empty row', [[]], /at least one column/],
    ['ragged', [[1, 2], [3]], /row 1 has 1: ragged rows/],
    ['NaN', [[1, NaN]], /inputs\[0\]\[1\] to be a finite number but found NaN/],
    ['Infinity', [[1, 2], [Infinity, 0]], /inputs\[1\]\[0\] to be a finite number but found Infinity/],
    ['string', [['1']], /found "1"/],
  ])('checkMatrix rejects %s', (_, value, message) => {
    const e = errorOf(() => checkMatrix('inputs', value));
    expect(e.argument).toBe('inputs');
    expect(e.message).toMatch(message);
  });

  it('checkMatrix enforces expected rows and columns', () => {
    expect(errorOf(() => checkMatrix('W', [[1, 2]], { rows: 2 })).message).toMatch(/W to have 2 rows but found 1/);
    expect(errorOf(() => checkMatrix('W', [[1, 2]], { columns: 3 })).message).toMatch(/shape \[1, 3\] but found \[1, 2\]/);
  });
});

describe('checkVector', () => {
  it('checkVector returns the length', () => expect(checkVector('targets', [1, 2, 3], 3)).toBe(3));
  it('checkVector rejects non-arrays, empty, NaN and wrong length', () => {
    expect(errorOf(() => checkVector('targets', null)).message).toMatch(/found null/);
    expect(errorOf(() => checkVector('targets', [])).message).toMatch(/empty/);
    expect(errorOf(() => checkVector('targets', [1, NaN])).message).toMatch(/targets\[1\] .* NaN/);
    expect(errorOf(() => checkVector('w', [1, 2], 3)).message).toMatch(/length 3 but found length 2/);
  });
});

describe('scalar checks', () => {
  it('checkPositive accepts positive finite numbers and rejects the rest', () => {
    expect(checkPositive('learningRate', 0.1)).toBe(0.1);
    for (const bad of [0, -1, NaN, Infinity, '0.1']) {
      expect(errorOf(() => checkPositive('learningRate', bad)).message).toMatch(/learningRate to be a finite number greater than 0/);
    }
  });

  it('checkPositiveInteger rejects fractions, zero and negatives', () => {
    expect(checkPositiveInteger('epochs', 3)).toBe(3);
    for (const bad of [0, -2, 1.5, NaN]) expect(() => checkPositiveInteger('epochs', bad)).toThrow(/integer greater than 0/);
  });

  it('checkFinite rejects NaN and Infinity', () => {
    expect(checkFinite('seed', -3)).toBe(-3);
    expect(() => checkFinite('seed', NaN)).toThrow(/seed to be a finite number but found NaN/);
  });

  it('checkChoice lists the choices', () => {
    expect(checkChoice('variant', 'correct', ['faithful', 'correct'])).toBe('correct');
    expect(errorOf(() => checkChoice('variant', 'wrong', ['faithful', 'correct'])).message).toBe(
      'Expected variant to be one of "faithful", "correct" but found "wrong".',
    );
  });

  it('checkSameSamples names both counts', () => {
    expect(() => checkSameSamples([[1], [2]], [1, 2, 3])).toThrow('Expected one target per input row (2) but found 3 targets.');
  });

  it('describe renders values for messages', () => {
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue({})).toBe('object');
  });
});

describe('float32 range', () => {
  it('checkMatrix({ float32: true }) rejects values that float32 would turn into Infinity', () => {
    expect(checkMatrix('inputs', [[3e38, -3e38]], { float32: true })).toEqual([1, 2]);
    expect(errorOf(() => checkMatrix('inputs', [[1, 1e39]], { float32: true })).message).toBe(
      'Expected inputs[0][1] to fit in float32 (|x| ≤ 3.4028234663852886e+38) but found 1e+39: scale the data down.',
    );
    expect(checkMatrix('inputs', [[1e39]])).toEqual([1, 1]); // float64 paths accept it
  });

  it('checkVector({ float32: true }) rejects values beyond float32', () => {
    expect(errorOf(() => checkVector('targets', [1, -1e40], undefined, { float32: true })).message).toMatch(/targets\[1\] to fit in float32/);
  });
});

describe('sparse arrays', () => {
  // forEach and some skip the empty slots of a sparse array; a hole must not pass as a value.
  it('checkVector names a hole instead of skipping it', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(() => checkVector('targets', [5, , 12, 19])).toThrow(/targets\[1\] to be a finite number but found a hole/);
  });

  it('checkMatrix names a missing row and a hole inside a row', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(() => checkMatrix('inputs', [[2, 1], , [7, 4]])).toThrow(/inputs\[1\] to be a row but found a hole/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => checkMatrix('inputs', [[2, 1], [5, , ]])).toThrow(/inputs\[1\]\[1\] to be a finite number but found a hole/);
  });

  it('an array of the right length made with new Array is all holes, and is refused', () => {
    expect(() => checkVector('values', new Array(3))).toThrow(/values\[0\] to be a finite number but found a hole/);
  });
});

describe('boundary checks', () => {
  it('checkOptions gives {} for a missing optional options object and names a required one', () => {
    expect(checkOptions('options', undefined)).toEqual({});
    expect(checkOptions('options', null)).toEqual({});
    expect(errorOf(() => checkOptions('options', undefined, '{ seed: 1 }')).message).toBe('Expected options to be an object such as { seed: 1 } but found undefined.');
    expect(errorOf(() => checkOptions('options', 5 as never)).message).toMatch(/options to be an object but found 5/);
    expect(errorOf(() => checkOptions('options', [] as never)).argument).toBe('options');
  });

  it('checkFunction, checkBoolean and checkArray name what they found', () => {
    expect(checkFunction('onEpoch', undefined)).toBeUndefined();
    expect(errorOf(() => checkFunction('onEpoch', 'log')).message).toBe('Expected onEpoch to be a function (or left out) but found "log".');
    expect(errorOf(() => checkBoolean('bias', 1)).argument).toBe('bias');
    expect(errorOf(() => checkArray('rows', nullPrototype([1]))).message).toMatch(/without Array methods \(null prototype\) of length 1/);
  });

  it('checkSize and checkValueCount state the limit', () => {
    expect(checkSize('epochs', 5, LIMITS.epochs)).toBe(5);
    expect(errorOf(() => checkSize('epochs', 1e308, LIMITS.epochs, 'the epoch limit')).message).toBe('Expected epochs to be at most 10,000,000 (the epoch limit) but found 1e+308.');
    expect(errorOf(() => checkValueCount('sizes', 1e10, 'a layer')).message).toMatch(/at most 16,777,216 values \(the size limit\) in a layer but sizes asks for 10,000,000,000/);
  });

  it('checkResult throws for a result that is not finite, naming the input to blame', () => {
    expect(checkResult('values', 2, 'the mean')).toBe(2);
    expect(errorOf(() => checkResult('values', Infinity, 'the variance')).message).toMatch(/Expected the variance to be a finite number but it is Infinity/);
  });

  it('quote cuts long text to about 100 characters and gives its length', () => {
    expect(quote('abc')).toBe('"abc"');
    expect(quote('x'.repeat(1_000_000))).toBe(`"${'x'.repeat(100)}"… (1000000 characters)`);
    expect(describeValue('y'.repeat(500)).length).toBeLessThan(130);
  });

  it('checkMatrix and checkVector reject arrays and rows without a prototype', () => {
    expect(isOrdinaryArray([1])).toBe(true);
    expect(isOrdinaryArray(nullPrototype([1]))).toBe(false);
    expect(errorOf(() => checkVector('targets', nullPrototype([1, 2]))).argument).toBe('targets');
    expect(errorOf(() => checkMatrix('inputs', [[1, 2], nullPrototype([3, 4])])).message).toMatch(/inputs\[1\] to be an array of numbers \(a row\)/);
    expect(errorOf(() => checkMatrix('inputs', [nullPrototype([3, 4])])).message).toMatch(/inputs\[0\] to be an array of numbers/);
  });
});

describe('list and string checks', () => {
  it('checkList refuses non-arrays, null-prototype arrays and holes, and empty lists with nonEmpty', () => {
    expect(checkList('xs', [1, 'a'])).toEqual([1, 'a']);
    expect(checkList('xs', [])).toEqual([]);
    expect(inputErrorOf(() => checkList('xs', null, 'an array of runs')).message).toBe('Expected xs to be an array of runs but found null.');
    expect(inputErrorOf(() => checkList('xs', nullPrototype([1]))).argument).toBe('xs');
    // eslint-disable-next-line no-sparse-arrays
    expect(inputErrorOf(() => checkList('xs', [1, , 3] as unknown[])).message).toBe('Expected xs[1] to be an item but found a hole (an empty slot of a sparse array).');
    expect(inputErrorOf(() => checkList('xs', [], 'a non-empty array of runs', { nonEmpty: true })).message).toBe('Expected xs to be a non-empty array of runs but it is empty.');
  });

  it('checkString and checkStrings name the argument, the index and the expected count', () => {
    expect(checkString('title', 'a')).toBe('a');
    expect(inputErrorOf(() => checkString('title', 42)).message).toBe('Expected title to be a string but found 42.');
    expect(checkStrings('labels', ['a', 'b'], { length: 2, per: 'target', noun: 'label' })).toEqual(['a', 'b']);
    expect(inputErrorOf(() => checkStrings('labels', ['a', 1])).message).toBe('Expected labels[1] to be a string but found 1.');
    expect(inputErrorOf(() => checkStrings('labels', ['a'], { length: 2, per: 'target', noun: 'label' })).message).toBe('Expected labels to have one label per target (2) but found 1.');
  });
});
