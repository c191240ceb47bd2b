// `npm run bench`: postmortem-kb against markdownlint-cli2 on the same knowledge bases, in the same run: the
// generated one (bench/generate.mjs) and the real postmortems of ../shared/corpora/ replicated to the same size
// (bench/corpora.mjs; left out, and said so, when that folder is not beside the repository). Each lint row is
// measured with the default concurrency and with one thread. Then the in-process measures, the site, the start-up
// and the bundles. Prints a table and writes bench/results.json.
// RUNS (default 5) sets the repetitions (the figures are medians), SIZE (default 10,000) the documents per base,
// BASES (default generated,dfds,posthog) the bases, SHARED the folder of the corpora (default ../shared).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realCorpus } from './corpora.mjs';
import { generate, generateMetas } from './generate.mjs';
import { firstSearch } from './site-search.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 5);
const SIZE = Number(process.env.SIZE ?? 10_000);
const BASES = (process.env.BASES ?? 'generated,dfds,posthog').split(',');
const SHARED = process.env.SHARED ?? join(ROOT, '..', 'shared');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const scratch = mkdtempSync(join(tmpdir(), 'pm-bench-'));

/** A process that writes next to nothing, timed alone: no shell and no pipe, whose own start-up would be half of it. */
function timedAlone(command, args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}: ${result.stderr.slice(-2000)}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, rssMb: 0, status: result.status };
}

function timed(command, args, cwd) {
  // The tool's output (stdout and stderr) goes through a pipe to a reader that keeps only its end, as `tool | tail`
  // would: the time is the tool's, writing its report as fast as a pipe takes it. (Collected by spawnSync into a
  // string, the output cost this process a second on each 145 MB PostHog report, counted as the tool's time.)
  // /usr/bin/time writes the peak resident set of the tool to a file.
  const rss = join(scratch, 'rss');
  const script = 'set -o pipefail; /usr/bin/time -o "$0" -f %M "$@" 2>&1 | tail -c 2000';
  const started = process.hrtime.bigint();
  const result = spawnSync('bash', ['-c', script, rss, command, ...args], { cwd, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // 0 is clean and 1 is findings for both tools; anything else means the run failed and its time says nothing.
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited with ${result.status}: ${result.stdout}${result.stderr}`);
  const rssKb = Number(readFileSync(rss, 'utf8').trim().split('\n').pop());
  return { seconds, rssMb: rssKb / 1024, status: result.status };
}

function summary(samples) {
  return { seconds: median(samples.map((sample) => sample.seconds)), rssMb: median(samples.map((sample) => sample.rssMb)), samples };
}

function repeat(runs, measure) {
  return summary(Array.from({ length: runs }, measure));
}

const cli = join(ROOT, 'dist/cli.js');
const markdownlint = join(ROOT, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');
const rows = [];
const samples = {};
const row = (name, value, target, note = '') => rows.push([name, value, target, note]);

/** The documents of a base, with the config to lint them by and the glob markdownlint-cli2 is given. */
function base(name) {
  if (name === 'generated') return { documents: generate(SIZE), config: undefined, glob: 'postmortems/**/*.md', about: 'bench/generate.mjs' };
  const corpus = realCorpus(name, SIZE, SHARED);
  if (!corpus) return undefined;
  return { documents: corpus.documents, config: corpus.config, glob: '**/*.md', about: `${corpus.originals} real postmortems, each copied ${Math.ceil(corpus.documents.length / corpus.originals)} times` };
}

let generatedWorkspace;
for (const name of BASES) {
  const kb = base(name);
  if (!kb) {
    console.log(`${name}: ${join(SHARED, 'corpora', `${name}-postmortems`)} is not there; its rows are left out`);
    continue;
  }
  const workspace = mkdtempSync(join(tmpdir(), `pm-bench-${name}-`));
  for (const document of kb.documents) {
    const path = join(workspace, document.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, document.text);
  }
  if (kb.config) writeFileSync(join(workspace, '.postmortemrc.yml'), kb.config);
  const bytes = kb.documents.reduce((sum, document) => sum + Buffer.byteLength(document.text), 0);
  console.log(`${name}: ${kb.documents.length} postmortems (${kb.about}), ${(bytes / 1e6).toFixed(1)} MB, ${RUNS} run(s) each`);

  const lint = ['lint', '--format', 'json'];
  // Alternated, so that a slower spell of the machine weighs on all three alike.
  const triples = Array.from({ length: RUNS }, () => [
    timed(process.execPath, [cli, ...lint], workspace),
    timed(process.execPath, [cli, ...lint, '--concurrency', '1'], workspace),
    timed(process.execPath, [markdownlint, kb.glob], workspace),
  ]);
  const ours = summary(triples.map(([sample]) => sample));
  const single = summary(triples.map(([, sample]) => sample));
  const theirs = summary(triples.map(([, , sample]) => sample));
  // Warm cache: one lint fills .postmortem-cache, then nothing changes between the timed runs.
  const cacheArgs = [cli, ...lint, '--cache-location', join(workspace, '.postmortem-cache')];
  const filled = timed(process.execPath, cacheArgs, workspace);
  const warm = repeat(RUNS, () => timed(process.execPath, cacheArgs, workspace));
  const changed = kb.documents.slice(0, 3).map((document) => document.path);
  const pullRequest = repeat(RUNS, () => timed(process.execPath, [cli, ...lint, ...changed], workspace));
  samples[name] = { ours: ours.samples, oneThread: single.samples, markdownlint: theirs.samples, warm: warm.samples, pullRequest: pullRequest.samples };

  const tag = `[${name}]`;
  row(`${tag} full cold lint / markdownlint-cli2`, ours.seconds / theirs.seconds, 0.25, `${ours.seconds.toFixed(1)} s vs ${theirs.seconds.toFixed(1)} s`);
  row(`${tag} full cold lint, one thread / markdownlint-cli2`, single.seconds / theirs.seconds, 0.25, `${single.seconds.toFixed(1)} s`);
  row(`${tag} default concurrency / one thread`, ours.seconds / single.seconds, 1, 'never slower than one thread');
  row(`${tag} full lint, cache warm / markdownlint-cli2`, warm.seconds / theirs.seconds, 0.03, `${warm.seconds.toFixed(2)} s (filling the cache: ${filled.seconds.toFixed(1)} s)`);
  row(`${tag} PR mode (index + 3 files) / markdownlint-cli2`, pullRequest.seconds / theirs.seconds, 0.05, `${pullRequest.seconds.toFixed(2)} s`);
  row(`${tag} peak RSS, full cold lint (MB)`, ours.rssMb, 512, `markdownlint-cli2: ${theirs.rssMb.toFixed(0)} MB`);
  row(`${tag} peak RSS, full cold lint, one thread (MB)`, single.rssMb, 512);
  row(`${tag} peak RSS, PR mode (MB)`, pullRequest.rssMb, 512);
  row(`${tag} peak RSS, full lint, cache warm (MB)`, warm.rssMb, 512);
  if (name === 'generated') generatedWorkspace = { workspace, documents: kb.documents };
  else rmSync(workspace, { recursive: true, force: true });
}

// related and patterns on a 100,000-incident index, in this process, after the index is built.
const { buildKnowledgeBase, findPatterns, findRelated } = await import(join(ROOT, 'bench/kb.bundle.mjs'));
const big = generateMetas(100_000);
const index = buildKnowledgeBase(big);
const subject = big[big.length - 1].meta.id;
let relatedCount = 0;
const relatedMs = median(Array.from({ length: RUNS }, () => {
  const started = process.hrtime.bigint();
  relatedCount = findRelated(index, subject, 10).comparisons;
  return Number(process.hrtime.bigint() - started) / 1e6;
}));
let patternCount = 0;
const patternsSeconds = median(Array.from({ length: RUNS }, () => {
  const started = process.hrtime.bigint();
  patternCount = findPatterns(buildKnowledgeBase(big)).length;
  return Number(process.hrtime.bigint() - started) / 1e9;
}));
row('related on 100,000 (ms)', relatedMs, 50, `${relatedCount} incidents scored`);
row('patterns on 100,000 (s)', patternsSeconds, 3, `index built and searched: ${patternCount} patterns found`);

const action = join(ROOT, 'dist/index.js');
// Start-up: module load until work begins; an empty workspace gives the action no work to do.
const empty = mkdtempSync(join(tmpdir(), 'pm-empty-'));
// Alternated, and each timed alone: through bash and a pipe, both took 50 ms more, which flattered the ratio.
const pairs = Array.from({ length: Math.max(RUNS, 5) }, () => [timedAlone(process.execPath, [action], empty), timedAlone(process.execPath, ['-e', '0'], empty)]);
const startup = summary(pairs.map(([sample]) => sample)).seconds;
const bare = summary(pairs.map(([, sample]) => sample)).seconds;
row('dist/index.js start-up / node -e 0', startup / bare, 3, `${(startup * 1000).toFixed(0)} ms vs ${(bare * 1000).toFixed(0)} ms`);
rmSync(empty, { recursive: true, force: true });

// The static site of the generated knowledge base: its build, then its first search in a real browser.
if (generatedWorkspace) {
  const { workspace, documents } = generatedWorkspace;
  const siteOut = join(workspace, '_site');
  const siteBuild = repeat(Math.min(RUNS, 3), () => timed(process.execPath, [cli, 'site', '--out', siteOut], workspace));
  const search = await firstSearch(siteOut, documents[0].text.match(/^title: "?([A-Za-z]+)/m)?.[1] ?? 'database');
  row(`site build of ${SIZE} (s)`, siteBuild.seconds, 60, `peak RSS ${siteBuild.rssMb.toFixed(0)} MB`);
  row('site: first search in Chromium (ms)', search ? search.searchMs : null, 200, search ? `home page ready (index loaded) after ${search.readyMs} ms` : 'no Chromium (CHROMIUM_PATH)');
  samples.site = siteBuild.samples;
  samples.search = search;
  rmSync(workspace, { recursive: true, force: true });
}

// What each entry point loads: the bundles as committed in dist/.
const bundles = ['dist/index.js', 'dist/cli.js', 'dist/lint-worker.js', 'dist/recheck.cjs', 'dist/site/site.js', 'dist/site/mermaid.min.js'].map((file) => [file, statSync(join(ROOT, file)).size]);

console.log('\n| measure | value | target | met | note |\n|---|---:|---:|---|---|');
for (const [name, value, target, note] of rows) {
  console.log(`| ${name} | ${value === null ? '–' : value.toFixed(3)} | ≤ ${target} | ${value === null ? 'no' : value <= target ? 'yes' : 'no'} | ${note} |`);
}
console.log('\n| bundle | KB |\n|---|---:|');
for (const [file, size] of bundles) console.log(`| ${file} | ${(size / 1024).toFixed(0)} |`);
writeFileSync(
  join(ROOT, 'bench/results.json'),
  `${JSON.stringify({ size: SIZE, runs: RUNS, node: process.version, cores: availableParallelism(), samples, bundles: Object.fromEntries(bundles), rows: rows.map(([name, value, target, note]) => ({ name, value, target, met: value !== null && value <= target, note })) }, null, 2)}\n`,
);
