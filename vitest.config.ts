import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests and the end-to-end runs of dist/ spawn processes; give them room on a 2-core runner.
    testTimeout: 30_000,
  },
});
