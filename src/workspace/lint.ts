import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { lintOneFile } from '../lint/engine.js';
import { sameAnswers } from '../lint/knowledge.js';
import { buildKnowledgeBase, type IndexEntry, type KnowledgeBase } from '../kb/index.js';
import type { FileResult } from '../model/finding.js';
import type { ParsedFile } from '../parse/document.js';
import { cacheKey, emptyCache, readCache, writeCache, type CachedFile } from './cache.js';
import { loadConfig } from './config-file.js';
import type { WorkspaceFs } from './fs.js';
import { createReader, tookTooLong, type CacheStamp, type WorkspaceReader } from './reader.js';
import { mapWithinTime } from './time-limit.js';
import { distribute, localShard, workerCount, workerShard, type Shard } from './parallel.js';

export const CACHE_STRATEGIES = ['metadata', 'content'] as const;
export type CacheStrategy = (typeof CACHE_STRATEGIES)[number];

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
  /**
   * How the cache tells a file unchanged: `metadata` (the default) trusts a file whose size, times and inode are
   * those the cache recorded, and hashes the others; `content` hashes every file.
   */
  cacheStrategy?: CacheStrategy | undefined;
  /** At most this many worker threads (default: one per core; 1 lints in this thread). */
  concurrency?: number | undefined;
  /** The file system (default `node:fs`); on any other, the lint stays in this thread, where that file system is. */
  fs?: WorkspaceFs | undefined;
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
  /**
   * The run's reader, for what the run reads next (the earlier incidents of
   * the linted files' patterns): what it read it does not read again, except
   * files a full lint let go of once linted.
   */
  reader: WorkspaceReader;
}

export async function lintWorkspace(request: LintRequest): Promise<LintOutcome> {
  const config = request.config ?? loadConfig(request.cwd, request.configPath, { fs: request.fs });
  if (request.files) {
    config.files = request.files;
    config.root = request.cwd;
  }
  const reader = createReader({ config, cwd: request.cwd, fs: request.fs });
  const paths = await reader.discover(request.patterns);
  if (request.keepParsed) return lintKeepingParsed(reader, paths);
  return lintShards(reader, request, paths);
}

/** A pull request's few postmortems: parsed once and kept for the reports that show their contents. */
async function lintKeepingParsed(reader: WorkspaceReader, paths: string[]): Promise<LintOutcome> {
  const { config } = reader;
  const parsed = reader.parseAll(paths);
  const knowledgeBase = await reader.index(paths);
  const seconds = config.format.maxReadSeconds;
  const results = mapWithinTime(
    parsed,
    seconds,
    (file) => lintOneFile(file, config, knowledgeBase),
    (file) => lintOneFile(tookTooLong(file.path, seconds), config, knowledgeBase),
  );
  return { config, results, parsed, knowledgeBase, stats: { workers: 0, reused: 0 }, warnings: [], reader };
}

/**
 * Every file is read once, up to its frontmatter, for the index; then each
 * body is parsed, linted and let go, so thousands of postmortems are never
 * held as trees at once. Many files are spread over worker threads; with a
 * cache, a file whose content and whose answers from the index are unchanged
 * is not parsed at all.
 */
async function lintShards(reader: WorkspaceReader, request: LintRequest, paths: string[]): Promise<LintOutcome> {
  const { config, cwd, fs } = reader;
  const cacheFile = request.cacheFile === undefined ? undefined : resolve(cwd, request.cacheFile);
  const key = cacheFile === undefined ? '' : cacheKey(config);
  const { files: cache, complete: cacheComplete } = cacheFile === undefined ? emptyCache() : readCache(cacheFile, key, fs);
  const trustStatus = request.cacheStrategy !== 'content';
  const stamps = cacheFile === undefined ? undefined : new Map([...cache].map(([path, file]): [string, CacheStamp] => [path, { hash: file.hash, stat: trustStatus ? file.stat : undefined }]));

  // Worker threads open node:fs of their own: another file system is read in this thread.
  const count = reader.onDisk ? await workerCount(paths.length - Math.min(cache.size, paths.length), request.concurrency) : 0;
  const shards: Shard[] = [];
  try {
    if (count === 0) shards.push(localShard(reader, stamps, paths.length));
    else for (let index = 0; index < count; index++) shards.push(workerShard(config, cwd, stamps, paths.length));
    const reports = await distribute(shards, paths, (shard, batch) => shard.read(batch));
    const entries = reports.flatMap((report): IndexEntry[] => {
      const entry = report.reused ? cache.get(report.path)?.entry : report.entry;
      return entry ? [entry] : [];
    });
    const full = request.patterns.length === 0;
    // Every file as the cache has it, and the cache is a full lint's whose every entry was checked against its one
    // index: this run's index is that one (same entries, same settings), so every answer is the same. Neither the
    // answers nor the index (made only if the run's caller asks for it) are looked at.
    const settled = cacheComplete && full && reports.length === cache.size && reports.every((report) => report.reused);
    // A full lint has read every configured postmortem; the main thread reads none of what the shards reported.
    const knowledgeBase = settled ? undefined : await reader.indexWith(entries, new Set(reports.map((report) => report.path)), full);

    const results = new Map<string, FileResult>();
    // Linting some files keeps what the cache knows of the others; a full lint also forgets deleted files.
    const updated = new Map<string, CachedFile>(full ? [] : cache);
    const toLint: string[] = [];
    // A file whose content is the cache's but whose status is not (a checkout, a `touch`): its new status is kept.
    let restamped = false;
    reports.forEach((report, position) => {
      const cached = report.reused ? cache.get(report.path) : undefined;
      if (cached && (settled || sameAnswers(knowledgeBase!, cached.asked))) {
        results.set(report.path, cached.result);
        const stale = report.stat !== cached.stat;
        updated.set(report.path, stale ? { ...cached, stat: report.stat } : cached);
        restamped ||= stale;
      } else {
        toLint.push(paths[position]!);
      }
    });
    if (toLint.length > 0) await Promise.all(shards.map((shard) => shard.index(knowledgeBase!)));
    const linted = await distribute(shards, toLint, (shard, batch) => shard.lint(batch));
    let learned = false;
    // A file that changed between its reading for the index and its lint: the index had the other content.
    const readHashes = new Map(reports.map((report) => [report.path, report.hash]));
    let drifted = false;
    for (const report of linted) {
      results.set(report.result.filePath, report.result);
      drifted ||= report.hash !== readHashes.get(report.result.filePath);
      if (report.hash !== undefined && report.asked) {
        updated.set(report.result.filePath, { hash: report.hash, stat: report.stat, entry: report.entry ?? null, result: report.result, asked: report.asked });
        learned = true;
      }
    }
    // A full lint's cache is complete when it holds every file, each checked against this run's index; a lint of some
    // files that learned something mixes indexes, and one that learned nothing leaves the cache as it was.
    const complete = full ? !drifted && updated.size === paths.length : cacheComplete && !learned;
    // Nothing learned and nothing forgotten (the kept entries are the cache's own): the file on disk is already this.
    const unchanged = !learned && !restamped && updated.size === cache.size && complete === cacheComplete;
    const failure = cacheFile === undefined || unchanged ? undefined : writeCache(cacheFile, key, { files: updated, complete }, fs);
    // The bytes of files whose cached results stood are let go of too (the linted ones were, once linted).
    for (const path of paths) reader.forget(path);
    const reused = paths.length - linted.length;
    let index = knowledgeBase;
    return {
      config,
      results: reports.map((report) => results.get(report.path)!),
      parsed: [],
      get knowledgeBase() {
        // Settled, the index is every file's cached entry (as indexWith would make it for a full lint).
        return (index ??= buildKnowledgeBase(entries, config.knowledgeBase));
      },
      stats: { workers: count, reused },
      warnings: failure ? [failure] : [],
      reader,
    };
  } finally {
    await Promise.all(shards.map((shard) => shard.close()));
  }
}
