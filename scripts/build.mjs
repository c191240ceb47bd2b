// Bundles the action (dist/index.js) and the CLI (dist/cli.js). The output is
// deterministic, so CI can rebuild and compare it with the committed dist/.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

// Another folder than dist/ (POSTMORTEM_KB_BUILD_OUT=/tmp/x): sources tested without touching the committed bundle.
const out = process.env.POSTMORTEM_KB_BUILD_OUT || 'dist';

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

await build({ ...shared, entryPoints: ['src/action/index.ts'], outfile: `${out}/index.js` });
// recheck's pure-JS ReDoS checker (3 MB), loaded from beside either bundle only when a config sets a pattern.
await build({ ...shared, banner: {}, format: 'cjs', entryPoints: ['node_modules/recheck/lib/browser.js'], outfile: `${out}/recheck.cjs` });
// Worker threads of a large lint, started by either bundle from beside it.
await build({ ...shared, entryPoints: ['src/workspace/lint-worker.ts'], outfile: `${out}/lint-worker.js` });
await build({
  ...shared,
  entryPoints: ['src/cli/bin.ts'],
  outfile: `${out}/cli.js`,
  banner: { js: `#!/usr/bin/env node\n${shared.banner.js}` },
});

// The static site's assets, copied beside the pages by `postmortem site`: its one script (MiniSearch and the page
// code, for browsers), its style sheet, and Mermaid's self-contained bundle for the fishbone diagrams.
await build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, legalComments: 'none', logLevel: 'warning', entryPoints: ['src/site/client/main.ts'], outfile: `${out}/site/site.js` });
mkdirSync(`${out}/site`, { recursive: true });
copyFileSync('src/site/client/site.css', `${out}/site/site.css`);
copyFileSync('node_modules/mermaid/dist/mermaid.min.js', `${out}/site/mermaid.min.js`);
copyFileSync('node_modules/mermaid/LICENSE', `${out}/site/mermaid.LICENSE`);
