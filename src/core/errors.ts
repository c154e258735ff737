/**
 * Errors thrown by backprop-ts.
 *
 * `InputError` means "you called us with something we cannot use" and names the
 * argument, what was expected and what was found. `DivergenceError` means training
 * ran but the loss stopped being a finite number. Every notebook relies on these
 * messages, so learners see a sentence instead of a silent NaN.
 */

/** Base class of every error that backprop-ts throws on purpose. */
export class BackpropError extends Error {
  override name = 'BackpropError';
}

/**
 * A bad argument: ragged rows, NaN, an empty data set, a wrong shape, a learning
 * rate that is not positive, an unknown activation name.
 *
 * @example
 * ```ts
 * try { gradientDescentLoop([[1, 2], [3]], [1, 2]); }
 * catch (e) { if (e instanceof InputError) console.log(e.argument); } // "inputs"
 * ```
 */
export class InputError extends BackpropError {
  override name = 'InputError';
  /** The name of the offending argument, e.g. `"inputs"` or `"learningRate"`. */
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(message);
    this.argument = argument;
  }
}

/**
 * Training produced a loss that is NaN or Infinity. Carries the epoch at which it
 * happened, the last finite loss, and whatever the trainer attaches as `state`
 * (the history so far and the weights from before the blow-up).
 *
 * Taught in `05-training-a-deep-network.ipynb`, where the article's sinh/cosh tanh
 * overflows float32.
 */
export class DivergenceError<State = unknown> extends BackpropError {
  override name = 'DivergenceError';
  /** 1-based epoch whose loss was not finite. */
  readonly epoch: number;
  /** The loss of the epoch before, or `undefined` if the first epoch diverged. */
  readonly lastFiniteLoss: number | undefined;
  /** Training state captured before the blow-up (trainer-specific). */
  readonly state: State;

  /**
   * @param quantity What became non-finite, for the message. Default `"loss"` (e.g. `"validation loss"`; `"weights"`, with the epoch's finite loss as `lastFiniteLoss`).
   */
  constructor(epoch: number, loss: number, lastFiniteLoss: number | undefined, state: State, quantity = 'loss') {
    const before =
      lastFiniteLoss === undefined ? 'in the first epoch' : `after a last finite ${quantity} of ${lastFiniteLoss}`;
    const what =
      quantity === 'weights'
        ? `the weights became NaN or Infinity at epoch ${epoch}, although its loss was finite (${lastFiniteLoss}): an activation such as ReLU turned a NaN into a number. `
        : `the ${quantity} became ${loss} at epoch ${epoch} ${before}. `;
    super(`Training diverged: ${what}Try a smaller learning rate, scale the inputs, or use a numerically stable activation.`);
    this.epoch = epoch;
    this.lastFiniteLoss = lastFiniteLoss;
    this.state = state;
  }
}
