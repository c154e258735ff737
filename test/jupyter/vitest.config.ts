// The Jupyter lane: `npm run test:jupyter`. Runs test/jupyter/ only, against Debian's
// Jupyter, code-server (VS Code) and JupyterLab (its virtualenv, see
// tools/jupyter/install-jupyterlab.sh). Two files at a time: each runs one kernel at a
// time, so two together keep both cores of the CI machine busy.
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
