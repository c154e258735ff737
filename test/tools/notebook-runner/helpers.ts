/** Shared helpers of the notebook runner tests. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Folder of the fixture notebooks. */
export const FIXTURES = join(import.meta.dirname, 'fixtures');

/**
 * True if a process with this pid is running. A zombie (exited, not yet
 * reaped by its parent, e.g. an orphan waiting for init) counts as gone.
 */
export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may contain spaces or parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Waits until a process that is not our child is gone. Polling is the only
 * option here: no event reports the death of another process's child.
 */
export async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Writes an nbformat 4 notebook of code cells (after one markdown cell, so cell
 * numbers start at 2) to `dir/name` and returns its path.
 */
export function writeCodeNotebook(dir: string, name: string, sources: readonly string[]): string {
  const path = join(dir, name);
  const cells = [
    { cell_type: 'markdown', metadata: {}, source: `# ${name}` },
    ...sources.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
  ];
  writeFileSync(path, JSON.stringify({ cells, metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } }, nbformat: 4, nbformat_minor: 5 }));
  return path;
}
