// The Jupyter lane: `npm run test:jupyter`. Runs test/jupyter/ only, against Debian's
// Jupyter and code-server (VS Code). Two files at a time: nbconvert and the notebook
// UI each run one kernel at a time, so together they keep both cores of the CI machine busy.
// Plain `npm test` leaves these files out (see the exclude in the root vitest.config.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/jupyter/**/*.test.ts'],
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});
