import { defineConfig } from 'vitest/config';
import { markdownAsText } from './test/support/markdown-text.js';

export default defineConfig({
  plugins: [markdownAsText],
  test: {
    // Only what a clone holds: the suites over ../shared (*.corpora.ts, `npm run test:corpora`) and the one that
    // asks the npm registry (*.registry.ts, `npm run test:registry`) have their own configs.
    include: ['test/**/*.test.ts'],
    // Property tests and the end-to-end runs of dist/ spawn processes; give them room on a 2-core runner.
    testTimeout: 30_000,
  },
});
