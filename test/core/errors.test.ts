import { describe, expect, it } from 'vitest';
import { BackpropError, DivergenceError, InputError } from '../../src/core/errors.js';

describe('InputError', () => {
  it('InputError(argument, message) keeps the argument and is a BackpropError', () => {
    const e = new InputError('learningRate', 'Expected learningRate to be positive.');
    expect(e).toBeInstanceOf(BackpropError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('InputError');
    expect(e.argument).toBe('learningRate');
  });
});

describe('DivergenceError', () => {
  it('DivergenceError names the epoch, the last finite loss and suggests a smaller learning rate', () => {
    const e = new DivergenceError(7, NaN, 45.5, { weights: [1] });
    expect(e.message).toMatch(/NaN at epoch 7/);
    expect(e.message).toMatch(/last finite loss of 45\.5/);
    expect(e.message).toMatch(/smaller learning rate/);
    expect(e.state).toEqual({ weights: [1] });
    expect(e.epoch).toBe(7);
    expect(e.lastFiniteLoss).toBe(45.5);
  });

  it('DivergenceError in the first epoch says so', () => {
    expect(new DivergenceError(1, Infinity, undefined, null).message).toMatch(/Infinity at epoch 1 in the first epoch/);
  });
});
