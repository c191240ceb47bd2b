import type { FileResult } from '../model/finding.js';
import { formatGithub } from '../report/github.js';
import { formatJson } from '../report/json.js';
import { formatStylish } from '../report/stylish.js';
import { UsageError } from '../workspace/discover.js';
import { DEFAULT_CACHE_FILE } from '../workspace/cache.js';
import { lintWorkspace } from '../workspace/lint.js';
import { EXIT, type CliIo } from './io.js';
import { terminalText } from '../report/inert.js';

const FORMATS = {
  stylish: (results: FileResult[], io: CliIo) => formatStylish(results, { color: io.color }),
  json: (results: FileResult[]) => `${formatJson(results)}\n`,
  github: (results: FileResult[]) => formatGithub(results),
};

interface LintOptions {
  config?: string | undefined;
  format?: string | undefined;
  cache?: boolean | undefined;
  'cache-location'?: string | undefined;
  concurrency?: string | undefined;
}

export async function lintCommand(io: CliIo, patterns: string[], options: LintOptions): Promise<number> {
  const format = options.format ?? 'stylish';
  if (!Object.hasOwn(FORMATS, format)) throw new UsageError(`Unknown format "${format}" (use ${Object.keys(FORMATS).join(', ')})`);
  const cacheFile = options['cache-location'] ?? (options.cache ? DEFAULT_CACHE_FILE : undefined);
  const { results, stats, warnings } = await lintWorkspace({ cwd: io.cwd, patterns, configPath: options.config, cacheFile, concurrency: concurrencyOf(options.concurrency), fs: io.fs });
  // Warnings name files: one line each, never a workflow command.
  for (const warning of warnings) io.stderr(`postmortem: warning: ${terminalText(warning)}\n`);
  if (process.env.POSTMORTEM_DEBUG) io.stderr(`postmortem: ${results.length} files, ${stats.workers} worker threads, ${stats.reused} results reused from the cache\n`);
  io.stdout(FORMATS[format as keyof typeof FORMATS](results, io));
  const failed = results.some((result) => result.findings.some((finding) => finding.severity === 'error'));
  return failed ? EXIT.findings : EXIT.clean;
}

function concurrencyOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,2}$/.test(value)) throw new UsageError(`--concurrency must be a whole number from 1 to 999, not "${value}"`);
  return Number(value);
}
