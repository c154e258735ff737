/**
 * The kernel never outlives the process that started it. A parent killed with
 * SIGKILL (a build stopped hard, Jupyter killed) cannot stop its kernel, so the
 * kernel watches: when its parent dies, Linux and macOS hand it to another process
 * (init, or a subreaper), `process.ppid` changes, and {@link watchParent} calls back.
 * ipykernel does the same (its `ParentPollerUnix`).
 */

/** How often the parent is checked, in milliseconds. */
export const PARENT_POLL_MS = 500;

/** Options for {@link watchParent}. */
export interface ParentWatchOptions {
  /** Called once, when the parent is gone. */
  onGone(): void;
  /** Polling interval; default {@link PARENT_POLL_MS}. */
  intervalMs?: number;
  /** Where the parent's pid is read; default `process`. */
  source?: { readonly ppid: number };
}

/**
 * Calls `onGone` once the process that was this one's parent when called has died.
 * A process whose parent is already init (pid 1, or 0 where there is none) has no
 * parent to watch. The timer never keeps the process alive.
 *
 * @returns A function that stops watching.
 * @example
 * ```ts
 * watchParent({ onGone: () => process.exit(4) });
 * ```
 */
export function watchParent(options: ParentWatchOptions): () => void {
  const source = options.source ?? process;
  const parent = source.ppid;
  if (parent <= 1) return () => undefined;
  const timer = setInterval(() => {
    if (source.ppid === parent) return;
    clearInterval(timer);
    options.onGone();
  }, options.intervalMs ?? PARENT_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
