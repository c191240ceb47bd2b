import { defineConfig } from 'vitest/config';
import { markdownAsText } from './test/support/markdown-text.js';

/** `npm run test:corpora`: the suites over the real corpora and the seed in ../shared/ (CI has it; a clone alone does not, and they fail). */
export default defineConfig({
  plugins: [markdownAsText],
  test: {
    include: ['test/**/*.corpora.ts'],
    testTimeout: 60_000,
  },
});
