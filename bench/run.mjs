// `npm run bench`: postmortem-kb against markdownlint-cli2 on the same generated
// knowledge base, and the in-process measures, with each target. Prints a table
// and writes bench/results.json. RUNS (default 5) sets the repetitions; the
// figures are medians.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, generateMetas } from './generate.mjs';
import { firstSearch } from './site-search.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 5);
const SIZE = Number(process.env.SIZE ?? 10_000);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timed(command, args, cwd) {
  // /usr/bin/time gives the peak resident set of the child.
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // 0 is clean and 1 is findings for both tools; anything else means the run failed and its time says nothing.
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited with ${result.status}: ${result.stderr.slice(0, 2000)}`);
  const rssKb = Number(result.stderr.trim().split('\n').pop());
  return { seconds, rssMb: rssKb / 1024, status: result.status };
}

function summary(samples) {
  return { seconds: median(samples.map((sample) => sample.seconds)), rssMb: median(samples.map((sample) => sample.rssMb)), samples };
}

function repeat(runs, measure) {
  return summary(Array.from({ length: runs }, measure));
}

const workspace = mkdtempSync(join(tmpdir(), 'pm-bench-'));
const documents = generate(SIZE);
for (const document of documents) {
  const path = join(workspace, document.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, document.text);
}
const bytes = documents.reduce((sum, document) => sum + Buffer.byteLength(document.text), 0);
console.log(`${SIZE} postmortems, ${(bytes / 1e6).toFixed(1)} MB, ${RUNS} run(s) each`);

const cli = join(ROOT, 'dist/cli.js');
const markdownlint = join(ROOT, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');
// Alternated, so that a slower spell of the machine weighs on both sides alike.
const pairs = Array.from({ length: RUNS }, () => [
  timed(process.execPath, [cli, 'lint', '--format', 'json'], workspace),
  timed(process.execPath, [markdownlint, 'postmortems/**/*.md'], workspace),
]);
const ours = summary(pairs.map(([sample]) => sample));
const theirs = summary(pairs.map(([, sample]) => sample));
// Warm cache: one lint fills .postmortem-cache, then nothing changes between the timed runs.
const cacheArgs = [cli, 'lint', '--format', 'json', '--cache-location', join(workspace, '.postmortem-cache')];
const filled = timed(process.execPath, cacheArgs, workspace);
const warm = repeat(RUNS, () => timed(process.execPath, cacheArgs, workspace));
const changed = documents.slice(0, 3).map((document) => document.path);
const pullRequest = repeat(RUNS, () => timed(process.execPath, [cli, 'lint', '--format', 'json', ...changed], workspace));

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

const action = join(ROOT, 'dist/index.js');
// Start-up: module load until work begins; an empty workspace gives the action no work to do.
const empty = mkdtempSync(join(tmpdir(), 'pm-empty-'));
const startup = repeat(Math.max(RUNS, 5), () => timed(process.execPath, [action], empty)).seconds;
const bare = repeat(Math.max(RUNS, 5), () => timed(process.execPath, ['-e', '0'], empty)).seconds;

// The static site of the same knowledge base: its build, then its first search in a real browser.
const siteOut = join(workspace, '_site');
const siteBuild = repeat(Math.min(RUNS, 3), () => timed(process.execPath, [cli, 'site', '--out', siteOut], workspace));
const search = await firstSearch(siteOut, documents[0].text.match(/^title: "?([A-Za-z]+)/m)?.[1] ?? 'database');

const rows = [
  ['full cold lint / markdownlint-cli2', ours.seconds / theirs.seconds, 0.25, `${ours.seconds.toFixed(1)} s vs ${theirs.seconds.toFixed(1)} s`],
  ['full lint, cache warm / markdownlint-cli2', warm.seconds / theirs.seconds, 0.03, `${warm.seconds.toFixed(2)} s (filling the cache: ${filled.seconds.toFixed(1)} s)`],
  ['PR mode (index + 3 files) / markdownlint-cli2', pullRequest.seconds / theirs.seconds, 0.05, `${pullRequest.seconds.toFixed(2)} s`],
  ['related on 100,000 (ms)', relatedMs, 50, `${relatedCount} incidents scored`],
  ['patterns on 100,000 (s)', patternsSeconds, 3, `index built and searched: ${patternCount} patterns found`],
  ['dist/index.js start-up / node -e 0', startup / bare, 3, `${(startup * 1000).toFixed(0)} ms vs ${(bare * 1000).toFixed(0)} ms`],
  ['peak RSS, full cold lint (MB)', ours.rssMb, 512, ''],
  ['peak RSS, PR mode (MB)', pullRequest.rssMb, 512, ''],
  ['peak RSS, full lint, cache warm (MB)', warm.rssMb, 512, ''],
  [`site build of ${SIZE} (s)`, siteBuild.seconds, 60, `peak RSS ${siteBuild.rssMb.toFixed(0)} MB`],
  ['site: first search in Chromium (ms)', search ? search.searchMs : null, 200, search ? `home page ready (index loaded) after ${search.readyMs} ms` : 'no Chromium (CHROMIUM_PATH)'],
];
console.log('\n| measure | value | target | met | note |\n|---|---:|---:|---|---|');
for (const [name, value, target, note] of rows) {
  console.log(`| ${name} | ${value === null ? '–' : value.toFixed(3)} | ≤ ${target} | ${value === null ? 'no' : value <= target ? 'yes' : 'no'} | ${note} |`);
}
const samples = { ours: ours.samples, markdownlint: theirs.samples, warm: warm.samples, pullRequest: pullRequest.samples, site: siteBuild.samples, search };
writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify({ size: SIZE, megabytes: bytes / 1e6, runs: RUNS, node: process.version, cores: availableParallelism(), samples, rows: rows.map(([name, value, target, note]) => ({ name, value, target, met: value !== null && value <= target, note })) }, null, 2)}\n`);
rmSync(workspace, { recursive: true, force: true });
