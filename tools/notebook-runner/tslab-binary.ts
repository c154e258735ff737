/**
 * Where the project's tslab is: `node_modules/.bin/tslab`, the kernel the runner
 * starts unless told otherwise.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KernelStartError } from './kernel-errors.js';

/**
 * Locates `node_modules/.bin/tslab`, searching upwards from this module's
 * directory, then from `process.cwd()`.
 *
 * @throws {KernelStartError} if tslab is not installed.
 */
export function findTslabBinary(): string {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', '.bin', 'tslab');
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new KernelStartError(`Cannot find node_modules/.bin/tslab above ${starts.join(' or ')}; run npm install`);
}
