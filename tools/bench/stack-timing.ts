/**
 * What timing one stack gives the bench, shared by our stacks (`ours.ts`) and the
 * matrix-products reference row (`products.ts`).
 */
import type { TrainingTiming } from 'backprop-ts';

/** A stack's timing; the products-only row trains nothing, so has no loss. */
export type StackTiming = Omit<TrainingTiming, 'firstLoss'> & { firstLoss?: number };
