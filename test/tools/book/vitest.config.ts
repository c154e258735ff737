// The book lane: `npm run test:book`. Builds the whole book (every notebook executed
// in the tslab kernel) and opens every page in headless Chromium, offline, runs every
// "Try it" exercise, checks every number the prose states against a run, and runs the
// cells of book pages in the browser (test/tools/browser-book/run-in-page.test.ts). Left out of
// plain `npm test` (see SLOW_LANES in the root vitest.config.ts); CI runs it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  test: {
    include: ['test/tools/book/book.test.ts', 'test/notebooks/exercises.test.ts', 'test/notebooks/prose-numbers.test.ts', 'test/tools/browser-book/run-in-page.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 1_200_000,
    // One file at a time: each already runs two kernels at once (the book) or runs notebooks
    // back to back, and more kernels than cores made cells blow their 120 s limit on this
    // 2-core machine (chapter 7's ablation took over 120 s instead of about 10).
    fileParallelism: false,
  },
});
