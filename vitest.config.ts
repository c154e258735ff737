import { configDefaults, defineConfig } from 'vitest/config';

// `npm test`: every unit and property test of src/ and tools/, in a few minutes.
// The slow lanes have their own commands and configs, and CI runs them all (.ci/run):
//   npm run test:book     builds the book (every notebook in the kernel) and opens it in Chromium,
//                         runs every "Try it" exercise, checks every number the prose states, and
//                         runs the book's cells in the page (test/tools/browser-book/run-in-page.test.ts)
//   npm run test:jupyter  Jupyter itself: nbconvert, the classic Notebook, JupyterLab, VS Code
export const SLOW_LANES = ['test/jupyter/**', 'test/tools/book/book.test.ts', 'test/notebooks/exercises.test.ts', 'test/notebooks/prose-numbers.test.ts', 'test/tools/browser-book/run-in-page.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...SLOW_LANES],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90 },
    },
  },
});
