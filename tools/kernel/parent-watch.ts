/**
 * The kernel never outlives the process that started it. A parent killed with
 * SIGKILL (a build stopped hard, Jupyter killed) cannot stop its kernel, so the
 * kernel watches, as ipykernel's `ParentPollerUnix` does: the parent is the
 * process's parent when the watch starts, and it is gone when `process.ppid` changes
 * from it (Linux and macOS hand an orphan to init or a subreaper). `JPY_PARENT_PID`
 * (which Jupyter and the notebook runner set) counts only where it is that parent, or
 * where the kernel is already init's (its parent died while tslab was still loading:
 * then that pid is checked, and found gone). Any other value is ignored, as ipykernel
 * ignores it: VS Code passes its own environment on to kernels, so the variable can be
 * inherited from an unrelated process, and on Windows Jupyter puts a handle there.
 */

/** How often the parent is checked, in milliseconds. */
export const PARENT_POLL_MS = 500;

/** Options for {@link watchParent}. */
export interface ParentWatchOptions {
  /** Called once, when the parent is gone. */
  onGone(): void;
  /** The parent's pid; default {@link startingParent} of `source.ppid` and `JPY_PARENT_PID`. */
  parentPid?: number;
  /** Polling interval; default {@link PARENT_POLL_MS}. */
  intervalMs?: number;
  /** Where this process's parent pid is read; default `process`. */
  source?: { readonly ppid: number };
  /** Whether a pid is in use; default a signal-0 `process.kill`. */
  isRunning?: (pid: number) => boolean;
}

/**
 * Calls `onGone` once the parent has died. A parent that is init (pid 1, or 0 where
 * there is none) is not watched. The timer never keeps the process alive.
 *
 * @returns A function that stops watching.
 * @example
 * ```ts
 * watchParent({ onGone: () => process.exit(4) });
 * ```
 */
export function watchParent(options: ParentWatchOptions): () => void {
  const source = options.source ?? process;
  const isRunning = options.isRunning ?? pidInUse;
  const parent = options.parentPid ?? startingParent(source.ppid, parentFromEnv());
  if (parent <= 1) return () => undefined;
  // A zombie parent still has its pid: for a direct child, the change of ppid tells.
  const direct = source.ppid === parent;
  const timer = setInterval(() => {
    if ((direct && source.ppid === parent) || (!direct && isRunning(parent))) return;
    clearInterval(timer);
    options.onGone();
  }, options.intervalMs ?? PARENT_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The process to watch: `ppid`, unless the kernel is already init's (`ppid` ≤ 1) and
 * `JPY_PARENT_PID` names the parent that started it.
 */
export function startingParent(ppid: number, fromEnv: number | undefined): number {
  return ppid <= 1 && fromEnv !== undefined ? fromEnv : ppid;
}

/** The parent pid Jupyter (and the notebook runner) pass in `JPY_PARENT_PID`, if it is a pid (on Windows it is a handle: none). */
export function parentFromEnv(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): number | undefined {
  if (platform === 'win32') return undefined;
  const value = env['JPY_PARENT_PID'];
  return value !== undefined && /^[1-9]\d*$/.test(value) ? Number(value) : undefined;
}

function pidInUse(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
