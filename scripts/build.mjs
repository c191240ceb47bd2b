// Bundles the action (dist/index.js) and the CLI (dist/cli.js). The output is
// deterministic, so CI can rebuild and compare it with the committed dist/.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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

// The fixed schemas' validators, compiled here rather than in every run: ajv's standalone code for them (built from
// the sources by the same functions the tests check) takes the place of src/schema/precompiled.ts in the bundles.
const generator = await build({
  ...shared,
  stdin: { contents: "export { FIXED_SCHEMAS } from './src/config/fixed-schemas.ts'; export { standaloneValidators } from './src/schema/standalone.ts';", resolveDir: '.', loader: 'ts' },
  write: false,
  outfile: 'precompile.mjs',
});
const scratch = mkdtempSync(join(tmpdir(), 'pm-build-'));
writeFileSync(join(scratch, 'precompile.mjs'), generator.outputFiles[0].text);
const { FIXED_SCHEMAS, standaloneValidators } = await import(pathToFileURL(join(scratch, 'precompile.mjs')).href);
rmSync(scratch, { recursive: true, force: true });
const validators = standaloneValidators(FIXED_SCHEMAS);
// Only the action and the CLI load configs; the lint workers are given theirs resolved.
const precompiled = [
  {
    name: 'precompiled-schemas',
    setup(plugin) {
      plugin.onLoad({ filter: /[\\/]src[\\/]schema[\\/]precompiled\.ts$/ }, () => ({
        contents: `const module = { exports: {} };\nconst exports = module.exports;\n${validators}\nexport const PRECOMPILED = module.exports;\n`,
        loader: 'js',
        resolveDir: resolve('src/schema'),
      }));
    },
  },
];

await build({ ...shared, plugins: precompiled, entryPoints: ['src/action/index.ts'], outfile: `${out}/index.js` });
// recheck's pure-JS ReDoS checker (3 MB), loaded from beside either bundle only when a config sets a pattern.
await build({ ...shared, banner: {}, format: 'cjs', entryPoints: ['node_modules/recheck/lib/browser.js'], outfile: `${out}/recheck.cjs` });
// Worker threads of a large lint, started by either bundle from beside it.
await build({ ...shared, entryPoints: ['src/workspace/lint-worker.ts'], outfile: `${out}/lint-worker.js` });
await build({
  ...shared,
  plugins: precompiled,
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
