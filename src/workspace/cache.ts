import { createHash } from 'node:crypto';
// Only for this bundle's own bytes, which are code on the real disk; the cache file is read and written through the workspace's fs.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/types.js';
import type { IndexEntry } from '../kb/index.js';
import type { AskedQuestion } from '../lint/knowledge.js';
import { messageOf } from '../lint/engine.js';
import type { FileResult, Finding, Severity } from '../model/finding.js';
import { NODE_FS, readText, type WorkspaceFs } from './fs.js';
import { ReportWriter } from './output.js';

/** The default cache file, in the working directory (like ESLint's `.eslintcache`). */
export const DEFAULT_CACHE_FILE = '.postmortem-cache';

/** One file's lint, valid while its content hash and the answers to its questions stay the same. */
export interface CachedFile {
  hash: string;
  /** The file's status when that content was read (fingerprint.ts): while it is the same, the file is not read. */
  stat?: string | undefined;
  entry: IndexEntry | null;
  result: FileResult;
  asked: AskedQuestion[];
}

// 2: findings as tuples, without their sentences (see StoredFinding).
const FORMAT = 'postmortem-kb lint cache 2';

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

/**
 * What a cache holds: its files, and whether a full lint wrote it with an entry for every file it linted, each
 * checked against that lint's one index (`complete`): a lint of some files, or one whose file could not be
 * cached, leaves entries whose answers came from different indexes.
 */
export interface Cache {
  files: Map<string, CachedFile>;
  complete: boolean;
}

/** The cached files, or none when the cache is missing, unreadable, or made by other code or settings. */
export function readCache(path: string, key: string, fs: WorkspaceFs = NODE_FS): Cache {
  try {
    const stored = JSON.parse(readText(fs, path)) as { format?: unknown; key?: unknown; complete?: unknown; files?: unknown };
    if (stored.format !== FORMAT || stored.key !== key || typeof stored.files !== 'object' || stored.files === null) return emptyCache();
    const files = new Map<string, CachedFile>();
    let complete = stored.complete === true;
    for (const [path, file] of Object.entries(stored.files as Record<string, unknown>)) {
      const cached = cachedFileOf(file);
      if (cached) files.set(path, cached);
      // An entry left out is a file linted again: what the others answered may change with it.
      else complete = false;
    }
    return { files, complete };
  } catch {
    // A cache is only ever a shortcut: without one, everything is linted.
    return emptyCache();
  }
}

export const emptyCache = (): Cache => ({ files: new Map(), complete: false });

/** A stored entry read back, or none when it is not what this code writes (its file is then linted). */
function cachedFileOf(file: unknown): CachedFile | undefined {
  const candidate = file as { hash?: unknown; stat?: unknown; entry?: unknown; asked?: unknown; result?: { filePath?: unknown; findings?: unknown } } | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.hash !== 'string') return undefined;
  if (candidate.stat !== undefined && typeof candidate.stat !== 'string') return undefined;
  const entry = candidate.entry as Partial<NonNullable<CachedFile['entry']>> | null | undefined;
  const entryOk = entry === null || (typeof entry === 'object' && typeof entry.path === 'string' && typeof entry.meta === 'object' && entry.meta !== null);
  const asked = Array.isArray(candidate.asked) && candidate.asked.every((question) => Array.isArray(question) && question.length === 3 && question.every((part) => typeof part === 'string'));
  const result = candidate.result;
  if (!entryOk || !asked || typeof result?.filePath !== 'string' || !Array.isArray(result.findings)) return undefined;
  const findings: Finding[] = [];
  for (const stored of result.findings) {
    const finding = unpack(stored);
    if (!finding) return undefined;
    findings.push(finding);
  }
  return { ...(candidate as CachedFile), result: { filePath: result.filePath, findings } };
}

/**
 * A finding as the cache writes it: a tuple of its fields (their names were half of a 19 MB cache, and objects are
 * slower to read back than arrays), without its sentence when the registry makes the same one again from the ids
 * and data (the sentences had been a quarter of the file, and half the time taken to read it). A sentence it would
 * not make the same (a frontmatter problem, worded by the reader) is kept, after the fix (null when there is none).
 */
type StoredFinding =
  | [ruleId: string, severity: Severity, messageId: string, data: Finding['data'], line: number, column: number, endLine: number, endColumn: number]
  | [ruleId: string, severity: Severity, messageId: string, data: Finding['data'], line: number, column: number, endLine: number, endColumn: number, suggestion: Finding['suggestion'] | null, message?: string];

function pack(finding: Finding): StoredFinding {
  const { ruleId, severity, messageId, data, line, column, endLine, endColumn, suggestion, message } = finding;
  const fields = [ruleId, severity, messageId, data, line, column, endLine, endColumn] as const;
  if (message !== messageOf(ruleId, messageId, data)) return [...fields, suggestion ?? null, message];
  return suggestion ? [...fields, suggestion] : [...fields];
}

function unpack(stored: unknown): Finding | undefined {
  if (!Array.isArray(stored) || stored.length < 8 || stored.length > 10) return undefined;
  const [ruleId, severity, messageId, data, line, column, endLine, endColumn, suggestion, message] = stored as unknown[];
  if (typeof ruleId !== 'string' || (severity !== 'error' && severity !== 'warning') || typeof messageId !== 'string') return undefined;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  if (![line, column, endLine, endColumn].every((value) => Number.isInteger(value))) return undefined;
  const fix = suggestion as Finding['suggestion'] | null | undefined;
  if (fix != null && !(typeof fix === 'object' && Number.isInteger(fix.line) && typeof fix.text === 'string')) return undefined;
  if (stored.length === 10 && typeof message !== 'string') return undefined;
  const fields = data as Finding['data'];
  const finding: Finding = {
    ruleId,
    severity,
    messageId,
    data: fields,
    message: stored.length === 10 ? (message as string) : messageOf(ruleId, messageId, fields),
    line: line as number,
    column: column as number,
    endLine: endLine as number,
    endColumn: endColumn as number,
  };
  if (fix) finding.suggestion = { line: fix.line, text: fix.text };
  return finding;
}

/** A file's entry as written (see StoredFinding). */
function stored(cached: CachedFile): object {
  return { ...cached, result: { filePath: cached.result.filePath, findings: cached.result.findings.map(pack) } };
}

/**
 * Written to a temporary file and renamed, so a run that stops half-way never
 * leaves half a cache. Returns why it could not be written, if so: a cache
 * that cannot be saved costs the next run time, never this run its results.
 */
export function writeCache(path: string, key: string, { files, complete }: { files: ReadonlyMap<string, CachedFile>; complete: boolean }, fs: WorkspaceFs = NODE_FS): string | undefined {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dirname(path), { recursive: true });
    // A file's entry at a time (the cache of 10,000 long postmortems is 40 MB of JSON: never one string).
    fs.writeFileSync(temporary, `{"format":${JSON.stringify(FORMAT)},"key":${JSON.stringify(key)},"complete":${complete},"files":{`);
    const out = new ReportWriter((text) => fs.writeFileSync(temporary, text, { flag: 'a' }));
    let first = true;
    for (const [file, cached] of files) {
      out.write(`${first ? '' : ','}${JSON.stringify(file)}:${JSON.stringify(stored(cached))}`);
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
