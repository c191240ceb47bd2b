import { defineConfig } from 'vitest/config';
import { markdownAsText } from './test/support/markdown-text.js';

/** `npm run test:chaos`: the seeded fault campaign against the local GitHub (minutes, not seconds). */
export default defineConfig({
  plugins: [markdownAsText],
  test: {
    include: ['test/chaos/**/*.chaos.ts'],
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
