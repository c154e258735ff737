/**
 * Registry of kernel child processes that must not outlive the runner.
 *
 * While at least one child is tracked, handlers for process `exit` and for
 * SIGINT/SIGTERM/SIGHUP kill every tracked child (and its process group) and
 * run its synchronous clean-up (e.g. deleting its connection file).
 * On a signal, unless someone else also listens for it, we then wait (briefly)
 * until the children are really gone and re-raise the signal with its default
 * behaviour, so the runner still dies from it as it would have without us.
 * Handlers are removed when nothing is tracked.
 */
import type { ChildProcess } from 'node:child_process';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type HandledSignal = (typeof SIGNALS)[number];

/** Upper bound for waiting on killed children before re-raising a signal. */
const REAP_TIMEOUT_MS = 3_000;

/** Tracked children and their clean-up, run once when the child is gone. */
const tracked = new Map<ChildProcess, () => void>();
let installed = false;

const onExit = (): void => {
  // The process is exiting: no event will fire any more, so clean up now.
  for (const [child, cleanup] of tracked) {
    killHard(child);
    cleanup();
  }
  tracked.clear();
};

const onSignal = (signal: HandledSignal): void => {
  const children = [...tracked.keys()];
  killAllTracked();
  if (process.listenerCount(signal) !== 1) return; // Someone else decides what the signal means.
  const reraise = (): void => {
    // Restore the default action and die from the same signal.
    uninstall();
    process.kill(process.pid, signal);
  };
  const timer = setTimeout(reraise, REAP_TIMEOUT_MS);
  void Promise.all(children.map(exitOf)).then(() => {
    clearTimeout(timer);
    reraise();
  });
};

function exitOf(child: ChildProcess): Promise<void> {
  if (!tracked.has(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * Sends SIGKILL to a child and to its process group (when it leads one).
 * Synchronous and safe to call for an already exited child.
 */
export function killHard(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Not a group leader (or already gone): fall through to the process itself.
  }
  try {
    child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Tracks a child so that it is killed if this process exits or is signalled.
 * When the child exits (or this process does), it is forgotten and
 * `cleanup` runs, once; it must be synchronous and must not throw.
 */
export function trackChild(child: ChildProcess, cleanup: () => void = () => undefined): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    cleanup();
  };
  tracked.set(child, once);
  install();
  child.once('exit', () => untrackChild(child));
}

/**
 * Forgets a child and runs its clean-up. Called automatically when it exits;
 * call it directly for a child that never started (spawn 'error').
 */
export function untrackChild(child: ChildProcess): void {
  const cleanup = tracked.get(child);
  if (cleanup === undefined) return;
  tracked.delete(child);
  cleanup();
  if (tracked.size === 0) uninstall();
}

/** Kills every tracked child immediately; each one's clean-up runs when it has exited. */
export function killAllTracked(): void {
  for (const child of tracked.keys()) killHard(child);
}

/** Number of children currently tracked (for diagnostics and tests). */
export function trackedChildCount(): number {
  return tracked.size;
}
