import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { lintOneFile } from '../lint/engine.js';
import { sameAnswers } from '../lint/knowledge.js';
import type { IndexEntry, KnowledgeBase } from '../kb/index.js';
import type { FileResult } from '../model/finding.js';
import type { ParsedFile } from '../parse/document.js';
import { cacheKey, readCache, writeCache, type CachedFile } from './cache.js';
import { loadConfig } from './config-file.js';
import { discoverFiles, indexKnowledgeBase, indexWithEntries, readPostmortems, tookTooLong } from './files.js';
import { mapWithinTime } from './time-limit.js';
import { distribute, localShard, workerCount, workerShard, type Shard } from './parallel.js';

export interface LintRequest {
  cwd: string;
  /** Files, directories or globs; empty means the configured postmortems. */
  patterns: readonly string[];
  configPath?: string | undefined;
  /** Replaces the configured globs (the action's `path` input). */
  files?: string[] | undefined;
  /** A configuration already loaded (by the action, to pick the changed postmortems). */
  config?: ResolvedConfig | undefined;
  /** Keep the parsed files for reports that read more than findings (a pull request's few postmortems). */
  keepParsed?: boolean;
  /** Reuse results of unchanged files from this cache file, and update it. */
  cacheFile?: string | undefined;
  /** At most this many worker threads (default: one per core; 1 lints in this thread). */
  concurrency?: number | undefined;
}

/** The one lint pipeline the CLI and the action share: config, discovery, one parse per file, rules. */
export interface LintOutcome {
  config: ResolvedConfig;
  results: FileResult[];
  /** The linted files as parsed, when `keepParsed` asked for them. */
  parsed: ParsedFile[];
  knowledgeBase: KnowledgeBase;
  /** How the work was done: worker threads used, files whose cached results were reused. */
  stats: { workers: number; reused: number };
  /** Something the user should know that did not change the results (the cache could not be saved). */
  warnings: string[];
}

export async function lintWorkspace(request: LintRequest): Promise<LintOutcome> {
  const config = request.config ?? loadConfig(request.cwd, request.configPath);
  if (request.files) {
    config.files = request.files;
    config.root = request.cwd;
  }
  const paths = await discoverFiles(request.patterns, config, request.cwd);
  if (request.keepParsed) return lintKeepingParsed(config, request.cwd, paths);
  return lintShards(config, request, paths);
}

/** A pull request's few postmortems: parsed once and kept for the reports that show their contents. */
async function lintKeepingParsed(config: ResolvedConfig, cwd: string, paths: string[]): Promise<LintOutcome> {
  const parsed = readPostmortems(paths, config, cwd);
  const knowledgeBase = await indexKnowledgeBase(config, cwd, parsed);
  const seconds = config.format.maxReadSeconds;
  const results = mapWithinTime(
    parsed,
    seconds,
    (file) => lintOneFile(file, config, knowledgeBase),
    (file) => lintOneFile(tookTooLong(file.path, seconds), config, knowledgeBase),
  );
  return { config, results, parsed, knowledgeBase, stats: { workers: 0, reused: 0 }, warnings: [] };
}

/**
 * Every file is read once, up to its frontmatter, for the index; then each
 * body is parsed, linted and let go, so thousands of postmortems are never
 * held as trees at once. Many files are spread over worker threads; with a
 * cache, a file whose content and whose answers from the index are unchanged
 * is not parsed at all.
 */
async function lintShards(config: ResolvedConfig, request: LintRequest, paths: string[]): Promise<LintOutcome> {
  const { cwd } = request;
  const cacheFile = request.cacheFile === undefined ? undefined : resolve(cwd, request.cacheFile);
  const key = cacheFile === undefined ? '' : cacheKey(config);
  const cache = cacheFile === undefined ? new Map<string, CachedFile>() : readCache(cacheFile, key);
  const cachedHashes = cacheFile === undefined ? undefined : new Map([...cache].map(([path, file]) => [path, file.hash]));

  const count = workerCount(paths.length - Math.min(cache.size, paths.length), request.concurrency);
  const shards: Shard[] = [];
  try {
    if (count === 0) shards.push(localShard(config, cwd, cachedHashes));
    else for (let index = 0; index < count; index++) shards.push(workerShard(config, cwd, cachedHashes, paths.length));
    const reports = await distribute(shards, paths, (shard, batch) => shard.read(batch));
    const entries = reports.flatMap((report): IndexEntry[] => {
      const entry = report.reused ? cache.get(report.path)?.entry : report.entry;
      return entry ? [entry] : [];
    });
    const knowledgeBase = await indexWithEntries(config, cwd, entries, new Set(reports.map((report) => report.path)), request.patterns.length === 0);

    const results = new Map<string, FileResult>();
    // Linting some files keeps what the cache knows of the others; a full lint also forgets deleted files.
    const updated = new Map<string, CachedFile>(request.patterns.length > 0 ? cache : []);
    const toLint: string[] = [];
    reports.forEach((report, position) => {
      const cached = report.reused ? cache.get(report.path) : undefined;
      if (cached && sameAnswers(knowledgeBase, cached.asked)) {
        results.set(report.path, cached.result);
        updated.set(report.path, cached);
      } else {
        toLint.push(paths[position]!);
      }
    });
    if (toLint.length > 0) await Promise.all(shards.map((shard) => shard.index(knowledgeBase)));
    const linted = await distribute(shards, toLint, (shard, batch) => shard.lint(batch));
    for (const report of linted) {
      results.set(report.result.filePath, report.result);
      if (report.hash !== undefined && report.asked) {
        updated.set(report.result.filePath, { hash: report.hash, entry: report.entry ?? null, result: report.result, asked: report.asked });
      }
    }
    const failure = cacheFile === undefined ? undefined : writeCache(cacheFile, key, updated);
    const reused = paths.length - linted.length;
    return { config, results: reports.map((report) => results.get(report.path)!), parsed: [], knowledgeBase, stats: { workers: count, reused }, warnings: failure ? [failure] : [] };
  } finally {
    await Promise.all(shards.map((shard) => shard.close()));
  }
}
