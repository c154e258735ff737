/**
 * One line for an interrupted cell. tslab prints the error that interrupts a cell
 * (Kernel → Interrupt, or the runner's time limit) with `console.error`, which shows
 * its whole stack, nine lines of `node:vm` and tslab internals that say nothing to a
 * learner. The launcher (`tslab-kernel.ts`) makes `console.error` print
 * {@link INTERRUPTED_LINE} for those errors instead; everything else is printed as before.
 */

/** What an interrupted cell prints. */
export const INTERRUPTED_LINE = 'Interrupted: the cell was stopped (Kernel → Interrupt, or a time limit); what it had computed so far is kept.';

/**
 * Whether `value` is the error tslab reports for an interrupted cell: Node's
 * `Script execution was interrupted by \`SIGINT\`` (a running loop) or tslab's own
 * `Interrupted asynchronously` (a cell waiting on `await`).
 */
export function isInterruption(value: unknown): boolean {
  if (!(value instanceof Error) && !(typeof value === 'object' && value !== null && 'message' in value)) return false;
  const message = String((value as { message: unknown }).message);
  return /^Script execution was interrupted by `SIGINT`/.test(message) || message === 'Interrupted asynchronously';
}

/**
 * Makes `target.error` print {@link INTERRUPTED_LINE} when given an interruption alone.
 *
 * @param target A console (the kernel's global `console`).
 * @example
 * ```ts
 * quietInterrupts(console);
 * ```
 */
export function quietInterrupts(target: Pick<Console, 'error'>): void {
  const error = target.error.bind(target);
  target.error = (...args: unknown[]) => {
    if (args.length === 1 && isInterruption(args[0])) error(INTERRUPTED_LINE);
    else error(...args);
  };
}
