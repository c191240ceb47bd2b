import { defineConfig } from 'vitest/config';

/** `npm run test:chaos`: the seeded fault campaign against the local GitHub (minutes, not seconds). */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.ts'],
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
