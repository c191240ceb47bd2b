import { createHash } from 'node:crypto';
// Only for this bundle's own bytes, which are code on the real disk; the cache file is read and written through the workspace's fs.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/types.js';
import type { IndexEntry } from '../kb/index.js';
import type { AskedQuestion } from '../lint/knowledge.js';
import type { FileResult } from '../model/finding.js';
import { NODE_FS, readText, type WorkspaceFs } from './fs.js';
import { ReportWriter } from './output.js';

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
export function readCache(path: string, key: string, fs: WorkspaceFs = NODE_FS): Map<string, CachedFile> {
  try {
    const stored = JSON.parse(readText(fs, path)) as { format?: unknown; key?: unknown; files?: unknown };
    if (stored.format !== FORMAT || stored.key !== key || typeof stored.files !== 'object' || stored.files === null) return new Map();
    return new Map(Object.entries(stored.files as Record<string, CachedFile>).filter(([, file]) => isCachedFile(file)));
  } catch {
    // A cache is only ever a shortcut: without one, everything is linted.
    return new Map();
  }
}

function isCachedFile(file: unknown): file is CachedFile {
  const candidate = file as Partial<CachedFile> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.hash !== 'string') return false;
  const entry = candidate.entry as Partial<NonNullable<CachedFile['entry']>> | null | undefined;
  const entryOk = entry === null || (typeof entry === 'object' && typeof entry.path === 'string' && typeof entry.meta === 'object' && entry.meta !== null);
  const asked = Array.isArray(candidate.asked) && candidate.asked.every((question) => Array.isArray(question) && question.length === 3 && question.every((part) => typeof part === 'string'));
  const result = candidate.result;
  const resultOk = typeof result?.filePath === 'string' && Array.isArray(result.findings) && result.findings.every((finding) => typeof finding === 'object' && finding !== null);
  return entryOk && asked && resultOk;
}

/**
 * Written to a temporary file and renamed, so a run that stops half-way never
 * leaves half a cache. Returns why it could not be written, if so: a cache
 * that cannot be saved costs the next run time, never this run its results.
 */
export function writeCache(path: string, key: string, files: ReadonlyMap<string, CachedFile>, fs: WorkspaceFs = NODE_FS): string | undefined {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dirname(path), { recursive: true });
    // A file's entry at a time (the cache of 10,000 long postmortems is 40 MB of JSON: never one string).
    fs.writeFileSync(temporary, `{"format":${JSON.stringify(FORMAT)},"key":${JSON.stringify(key)},"files":{`);
    const out = new ReportWriter((text) => fs.writeFileSync(temporary, text, { flag: 'a' }));
    let first = true;
    for (const [file, cached] of files) {
      out.write(`${first ? '' : ','}${JSON.stringify(file)}:${JSON.stringify(cached)}`);
      first = false;
    }
    out.write('}}');
    out.end();
    fs.renameSync(temporary, path);
    return undefined;
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    return `The lint cache ${path} could not be written: ${(error as Error).message}`;
  }
}
