// Bundles the action (dist/index.js) and the CLI (dist/cli.js). The output is
// deterministic, so CI can rebuild and compare it with the committed dist/.
import { build } from 'esbuild';

const shared = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  // postmortems/TEMPLATE.md, inlined as the template `postmortem new` falls back on.
  loader: { '.md': 'text' },
  // Bundled CommonJS dependencies call require(); ESM output needs one made for them.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
};

await build({ ...shared, entryPoints: ['src/action/index.ts'], outfile: 'dist/index.js' });
// recheck's pure-JS ReDoS checker (3 MB), loaded from beside either bundle only when a config sets a pattern.
await build({ ...shared, banner: {}, format: 'cjs', entryPoints: ['node_modules/recheck/lib/browser.js'], outfile: 'dist/recheck.cjs' });
// Worker threads of a large lint, started by either bundle from beside it.
await build({ ...shared, entryPoints: ['src/workspace/lint-worker.ts'], outfile: 'dist/lint-worker.js' });
await build({
  ...shared,
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli.js',
  banner: { js: `#!/usr/bin/env node\n${shared.banner.js}` },
});
