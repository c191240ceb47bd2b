import { resolve } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { countBySeverity, type FileResult, type Finding } from '../model/finding.js';
import { formatGithub } from '../report/github.js';
import { jsonChunks } from '../report/json.js';
import { formatSarif, sarifRules } from '../report/sarif.js';
import { formatStylish, suppressedLine } from '../report/stylish.js';
import { applyBaseline } from '../workspace/baseline.js';
import { displayPath } from '../workspace/config-file.js';
import { UsageError } from '../workspace/discover.js';
import { DEFAULT_CACHE_FILE } from '../workspace/cache.js';
import { CACHE_STRATEGIES, lintWorkspace, type CacheStrategy } from '../workspace/lint.js';
import { sourceReader } from '../workspace/sources.js';
import { writeReport } from '../workspace/output.js';
import { EXIT, type CliIo } from './io.js';
import { terminalText } from '../report/inert.js';
import { fsOf } from './workspace.js';

interface ReportOptions {
  /** Whether the report may be coloured: stdout on a terminal (or FORCE_COLOR), never a file. */
  color: boolean;
  /** Findings the baseline suppressed. */
  suppressed: number;
  /** The working directory: ESLint's JSON writes absolute paths. */
  cwd: string;
  /** The text of a file with findings, read when asked (JSON and SARIF only: they quote lines and offsets). */
  source: (filePath: string) => string | undefined;
  /** The findings the baseline suppressed, by file: ESLint's `suppressedMessages`. */
  suppressedFindings: ReadonlyMap<string, readonly Finding[]>;
}

/** Each format's report, as text or as pieces written one after another (JSON: a file at a time, never held whole). */
const FORMATS: Record<string, (results: FileResult[], options: ReportOptions) => string | Iterable<string>> = {
  stylish: (results, options) => formatStylish(results, options),
  json: function* (results, options) {
    yield* jsonChunks(results, { cwd: options.cwd, sources: options.source, suppressed: options.suppressedFindings });
    yield '\n';
  },
  github: (results) => formatGithub(results),
  // The same as the action's `sarif-file`.
  sarif: (results, options) => formatSarif(results, sarifRules(), packageJson.version, options.source),
};

interface LintOptions {
  config?: string | undefined;
  format?: string | undefined;
  cache?: boolean | undefined;
  'cache-location'?: string | undefined;
  'cache-strategy'?: string | undefined;
  concurrency?: string | undefined;
  baseline?: string | undefined;
  'baseline-write'?: boolean | undefined;
  output?: string | undefined;
  quiet?: boolean | undefined;
  'max-warnings'?: string | undefined;
}

/**
 * `postmortem lint`: lint, then the baseline (it sees every finding; with
 * --baseline-write it records them), then --quiet (errors only), then the
 * report to stdout or --output, and the exit code from what is reported.
 */
export async function lintCommand(io: CliIo, patterns: string[], options: LintOptions): Promise<number> {
  const format = options.format ?? 'stylish';
  if (!Object.hasOwn(FORMATS, format)) throw new UsageError(`Unknown format "${format}" (use ${Object.keys(FORMATS).join(', ')})`);
  const maxWarnings = maxWarningsOf(options['max-warnings']);
  if (options.output === '') throw new UsageError('--output needs a file name');
  const cacheFile = options['cache-location'] ?? (options.cache ? DEFAULT_CACHE_FILE : undefined);
  const cacheStrategy = cacheStrategyOf(options['cache-strategy']);
  const outcome = await lintWorkspace({ cwd: io.cwd, patterns, configPath: options.config, cacheFile, cacheStrategy, concurrency: concurrencyOf(options.concurrency), fs: io.fs });
  // Warnings name files: one line each, never a workflow command.
  for (const warning of outcome.warnings) io.stderr(`postmortem: warning: ${terminalText(warning)}\n`);
  if (process.env.POSTMORTEM_DEBUG) io.stderr(`postmortem: ${outcome.results.length} files, ${outcome.stats.workers} worker threads, ${outcome.stats.reused} results reused from the cache\n`);

  const baseline = applyBaseline(outcome, { file: options.baseline, write: options['baseline-write'], complete: patterns.length === 0 });
  if (baseline.written) {
    const { changed, findings, files } = baseline.written;
    const holds = `${findings} finding${findings === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
    io.stderr(`postmortem: ${terminalText(baseline.shown)} ${changed ? 'written' : 'is up to date'}: ${holds}\n`);
  }
  // --quiet: warnings are neither reported nor counted, as ESLint's.
  const results = options.quiet ? baseline.results.map((result) => ({ ...result, findings: result.findings.filter((finding) => finding.severity === 'error') })) : baseline.results;

  const toFile = options.output !== undefined;
  const { reader } = outcome;
  const report = FORMATS[format]!(results, {
    color: io.color && !toFile,
    suppressed: baseline.suppressed,
    cwd: io.cwd,
    // Read again only for the formats that quote the files, only the files with findings reported, one at a time.
    source: sourceReader({ config: outcome.config, cwd: reader.cwd, workspace: reader.workspace, fs: reader.fs }),
    suppressedFindings: suppressedFindings(outcome.results, baseline.results, options.quiet === true),
  });
  if (toFile) {
    const path = resolve(io.cwd, options.output!);
    writeReport(fsOf(io), path, displayPath(path, io.cwd), report);
  } else if (typeof report === 'string') {
    io.stdout(report);
  } else {
    // A piece (a file's result) at a time: stdout is a stream that gathers its own writes, and joining the pieces
    // first cost more than writing them (a fifth of a warm lint of 10,000 PostHog postmortems, 145 MB of results).
    // The next piece is made only once stdout has taken the last (a pipe read slowly must not fill the memory).
    for (const chunk of report) {
      // Nobody reads on (`| head`): the rest (each file with findings read again for JSON's `source`) is not made.
      if (io.stdoutClosed?.()) break;
      if (io.stdout(chunk) === false && io.drained) await io.drained();
    }
  }
  // The stylish report says it in its footer; machine formats keep their shape, and the note goes to stderr.
  if (baseline.suppressed > 0 && format !== 'stylish') io.stderr(`postmortem: ${suppressedLine(baseline.suppressed)} (${terminalText(baseline.shown)})\n`);

  const { errors, warnings } = countBySeverity(results.flatMap((result) => result.findings));
  if (errors > 0) return EXIT.findings;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`postmortem: too many warnings: ${warnings} (maximum: ${maxWarnings})\n`);
    return EXIT.findings;
  }
  return EXIT.clean;
}

/**
 * The findings the baseline left out, by file: those of the lint that are
 * not among the findings it kept (it filters each file's findings, keeping
 * the objects). Under --quiet, errors only, as ESLint's.
 */
function suppressedFindings(linted: readonly FileResult[], kept: readonly FileResult[], quiet: boolean): Map<string, Finding[]> {
  const keptByFile = new Map(kept.map((result) => [result.filePath, new Set(result.findings)]));
  const byFile = new Map<string, Finding[]>();
  for (const result of linted) {
    const findings = keptByFile.get(result.filePath);
    if (!findings) continue;
    const left = result.findings.filter((finding) => !findings.has(finding) && (!quiet || finding.severity === 'error'));
    if (left.length > 0) byFile.set(result.filePath, left);
  }
  return byFile;
}

/** ESLint's --cache-strategy, with the same two names. */
function cacheStrategyOf(value: string | undefined): CacheStrategy | undefined {
  if (value === undefined) return undefined;
  const known: readonly string[] = CACHE_STRATEGIES;
  if (!known.includes(value)) throw new UsageError(`--cache-strategy must be ${CACHE_STRATEGIES.join(' or ')}, not "${value}"`);
  return value as CacheStrategy;
}

function concurrencyOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,2}$/.test(value)) throw new UsageError(`--concurrency must be a whole number from 1 to 999, not "${value}"`);
  return Number(value);
}

/** ESLint's --max-warnings: a whole number of at least 0; -1 (ESLint's default) means no limit. */
function maxWarningsOf(value: string | undefined): number | undefined {
  if (value === undefined || value === '-1') return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--max-warnings must be a whole number of at least 0, not "${value}"`);
  return Number(value);
}
