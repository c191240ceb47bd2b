import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/types.js';
import type { IndexEntry } from '../kb/index.js';
import type { AskedQuestion } from '../lint/knowledge.js';
import type { FileResult } from '../model/finding.js';

/** The default cache file, in the working directory (like ESLint's `.eslintcache`). */
export const DEFAULT_CACHE_FILE = '.postmortem-cache';

/** One file's lint, valid while its content hash and the answers to its questions stay the same. */
export interface CachedFile {
  hash: string;
  entry: IndexEntry | null;
  result: FileResult;
  asked: AskedQuestion[];
}

const FORMAT = 'postmortem-kb lint cache 1';

/**
 * What every cached result depends on besides its file: the code that linted
 * it (this bundle's own bytes, so a new build never reuses old results) and
 * the configuration (without where it was found).
 */
export function cacheKey(config: ResolvedConfig): string {
  const { sources: _sources, root: _root, ...settings } = config;
  const hash = createHash('sha1').update(FORMAT).update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.update(JSON.stringify(settings)).digest('base64');
}

/** The cached files, or none when the cache is missing, unreadable, or made by other code or settings. */
export function readCache(path: string, key: string): Map<string, CachedFile> {
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { format?: unknown; key?: unknown; files?: unknown };
    if (stored.format !== FORMAT || stored.key !== key || typeof stored.files !== 'object' || stored.files === null) return new Map();
    return new Map(Object.entries(stored.files as Record<string, CachedFile>).filter(([, file]) => isCachedFile(file)));
  } catch {
    // A cache is only ever a shortcut: without one, everything is linted.
    return new Map();
  }
}

function isCachedFile(file: unknown): file is CachedFile {
  const candidate = file as Partial<CachedFile> | null;
  return typeof candidate?.hash === 'string' && Array.isArray(candidate.asked) && Array.isArray(candidate.result?.findings);
}

/** Written to a temporary file and renamed, so a run that stops half-way never leaves half a cache. */
export function writeCache(path: string, key: string, files: ReadonlyMap<string, CachedFile>): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ format: FORMAT, key, files: Object.fromEntries(files) }));
  renameSync(temporary, path);
}
