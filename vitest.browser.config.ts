import { defineConfig } from 'vitest/config';
import { markdownAsText } from './test/support/markdown-text.js';

/**
 * `npm run test:browser`: the static site `postmortem site` writes, served locally and driven in headless
 * Chromium (CHROMIUM_PATH, or /usr/bin/chromium); the CLI is POSTMORTEM_KB_CLI, or dist/cli.js.
 * One file at a time: each starts its own browser, and a 2-core runner has no room for several.
 */
export default defineConfig({
  plugins: [markdownAsText],
  test: {
    include: ['test/browser/**/*.browser.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
