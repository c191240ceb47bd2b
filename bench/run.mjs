// `npm run bench`: postmortem-kb against markdownlint-cli2 on the same generated
// knowledge base, and the in-process measures, with each target. Prints a table
// and writes bench/results.json. RUNS (default 5) sets the repetitions; the
// figures are medians.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, generateMetas } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 5);
const SIZE = Number(process.env.SIZE ?? 10_000);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timed(command, args, cwd) {
  // /usr/bin/time gives the peak resident set of the child.
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssKb = Number(result.stderr.trim().split('\n').pop());
  return { seconds, rssMb: rssKb / 1024, status: result.status };
}

function repeat(runs, measure) {
  const samples = Array.from({ length: runs }, measure);
  return { seconds: median(samples.map((sample) => sample.seconds)), rssMb: median(samples.map((sample) => sample.rssMb)), samples };
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
const ours = repeat(RUNS, () => timed(process.execPath, [cli, 'lint', '--format', 'json'], workspace));
const theirs = repeat(RUNS, () => timed(process.execPath, [markdownlint, 'postmortems/**/*.md'], workspace));
const changed = documents.slice(0, 3).map((document) => document.path);
const pullRequest = repeat(RUNS, () => timed(process.execPath, [cli, 'lint', '--format', 'json', ...changed], workspace));

// related and patterns on a 100,000-incident index, in this process, after the index is built.
const { buildKnowledgeBase, findPatterns, findRelated } = await import(join(ROOT, 'bench/kb.bundle.mjs'));
const big = generateMetas(100_000);
const index = buildKnowledgeBase(big);
const subject = big[big.length - 1].meta.id;
const relatedMs = median(Array.from({ length: RUNS }, () => {
  const started = process.hrtime.bigint();
  findRelated(index, subject, 10);
  return Number(process.hrtime.bigint() - started) / 1e6;
}));
const patternsSeconds = median(Array.from({ length: Math.min(RUNS, 3) }, () => {
  const started = process.hrtime.bigint();
  findPatterns(buildKnowledgeBase(big));
  return Number(process.hrtime.bigint() - started) / 1e9;
}));

const action = join(ROOT, 'dist/index.js');
// Start-up: module load until work begins; an empty workspace gives the action no work to do.
const empty = mkdtempSync(join(tmpdir(), 'pm-empty-'));
const startup = repeat(Math.max(RUNS, 5), () => timed(process.execPath, [action], empty)).seconds;
const bare = repeat(Math.max(RUNS, 5), () => timed(process.execPath, ['-e', '0'], empty)).seconds;

const rows = [
  ['full cold lint / markdownlint-cli2', ours.seconds / theirs.seconds, 0.25, `${ours.seconds.toFixed(1)} s vs ${theirs.seconds.toFixed(1)} s`],
  ['full lint, cache warm / markdownlint-cli2', null, 0.03, 'no cache yet'],
  ['PR mode (index + 3 files) / markdownlint-cli2', pullRequest.seconds / theirs.seconds, 0.05, `${pullRequest.seconds.toFixed(2)} s`],
  ['related on 100,000 (ms)', relatedMs, 50, ''],
  ['patterns on 100,000 (s)', patternsSeconds, 3, ''],
  ['dist/index.js start-up / node -e 0', startup / bare, 3, `${(startup * 1000).toFixed(0)} ms vs ${(bare * 1000).toFixed(0)} ms`],
  ['peak RSS, full cold lint (MB)', ours.rssMb, 512, ''],
  ['peak RSS, PR mode (MB)', pullRequest.rssMb, 512, ''],
];
console.log('\n| measure | value | target | met | note |\n|---|---:|---:|---|---|');
for (const [name, value, target, note] of rows) {
  console.log(`| ${name} | ${value === null ? '–' : value.toFixed(3)} | ≤ ${target} | ${value === null ? 'no' : value <= target ? 'yes' : 'no'} | ${note} |`);
}
writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify({ size: SIZE, megabytes: bytes / 1e6, runs: RUNS, node: process.version, rows: rows.map(([name, value, target, note]) => ({ name, value, target, met: value !== null && value <= target, note })) }, null, 2)}\n`);
rmSync(workspace, { recursive: true, force: true });
