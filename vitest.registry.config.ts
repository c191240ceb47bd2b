import { defineConfig } from 'vitest/config';
import { markdownAsText } from './test/support/markdown-text.js';

/** `npm run test:registry`: the check of the OpenAPI extract against its package, fetched from the npm registry. */
export default defineConfig({
  plugins: [markdownAsText],
  test: {
    include: ['test/**/*.registry.ts'],
    testTimeout: 120_000,
  },
});
