import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { ResolvedConfig } from '../config/types.js';
import { buildKnowledgeBase, type IndexEntry, type KnowledgeBase } from '../kb/index.js';
import { indexEntryOf } from '../lint/engine.js';
import { extraTagsOf } from '../kb/tags.js';
import { parseBody, readHead, readIndexMeta, tooLargeMessage, type FileHead, type ParsedFile } from '../parse/document.js';
import { displayPath } from './config-file.js';
import { mapWithinTime, tookTooLongMessage } from './time-limit.js';

export class UsageError extends Error {}

/**
 * What the globs must skip: the configured ignores, and the knowledge base's
 * own index page wherever `indexPath` puts it (inside the linted globs, it is
 * still no postmortem).
 */
export function skippedPaths(config: ResolvedConfig): string[] {
  return [...config.ignores, escapeGlob(config.indexPath.split('\\').join('/').replace(/^\.\//, ''))];
}

function isIndexPage(path: string, config: ResolvedConfig): boolean {
  return resolve(path) === resolve(config.root, config.indexPath);
}

/**
 * The files to lint. Without arguments: the configured globs, relative to the
 * config's directory. An argument may be a file (always linted, even if it
 * matches an ignore), a directory (its Markdown files), or a glob. Paths come
 * back absolute, sorted and without duplicates.
 */
export async function discoverFiles(args: readonly string[], config: ResolvedConfig, cwd: string): Promise<string[]> {
  const found = new Set<string>();
  const options = { ignore: skippedPaths(config), onlyFiles: true, absolute: true, followSymbolicLinks: false, expandDirectories: false };
  if (args.length === 0) {
    // Directories that match the globs (`postmortems/x.md/`) come back too: each is reported, not silently skipped.
    for (const file of await glob(config.files, { ...options, onlyFiles: false, cwd: config.root })) found.add(resolve(file));
    for (const link of symbolicLinksMatching(config)) found.add(link);
    return [...found].sort();
  }
  for (const arg of args) {
    const path = resolve(cwd, arg);
    const stats = statOrUndefined(path);
    if (stats?.isFile()) {
      // Named, a file is linted even when an ignore matches it; the index page never is.
      if (!isIndexPage(path, config)) found.add(path);
      continue;
    }
    // The trailing run of separators starts after a non-separator: `[\\/]+$` retried from each one is N².
    const pattern = stats?.isDirectory() ? `${escapeGlob(arg.replace(/(?<![\\/])[\\/]+$/, ''))}/**/*.md` : arg;
    if (!stats && !isDynamicPattern(arg)) throw new UsageError(`No such file or directory: ${arg}`);
    const matches = await glob([pattern], { ...options, cwd });
    if (matches.length === 0) throw new UsageError(`No files match ${arg}`);
    for (const file of matches) found.add(resolve(file));
  }
  return [...found].sort();
}

/**
 * Symbolic links the globs match. The glob walk does not follow links (a link
 * to `/` or to its own parent would take it anywhere); they are listed here so
 * that each is reported, or read when it stays inside the workspace.
 */
function symbolicLinksMatching(config: ResolvedConfig): string[] {
  const matches = picomatch(config.files, { ignore: skippedPaths(config), dot: false });
  const baseOf = (pattern: string) => {
    const segments = pattern.split('/');
    const dynamic = segments.findIndex((segment) => isDynamicPattern(segment));
    return segments.slice(0, dynamic === -1 ? segments.length - 1 : dynamic).join('/');
  };
  const links = new Set<string>();
  const walk = (directory: string) => {
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      // Hidden folders and dependencies never hold postmortems (the globs skip dot paths too).
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(directory, entry.name);
      if (entry.isSymbolicLink()) {
        if (matches(relative(config.root, path).split(sep).join('/'))) links.add(path);
      } else if (entry.isDirectory()) walk(path);
    }
  };
  const bases = [...new Set(config.files.map(baseOf))].sort();
  // A base inside another base is walked once, as part of the outer one.
  for (const base of bases.filter((candidate, index) => !bases.slice(0, index).some((outer) => outer === '' || candidate.startsWith(`${outer}/`)))) walk(resolve(config.root, base));
  return [...links];
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!]/g, '\\$&');
}

/**
 * The knowledge-base index: every configured postmortem by its frontmatter.
 * Files already parsed for linting lend their metadata; the others are read
 * only up to the end of their frontmatter's YAML, never parsed as Markdown.
 */
export async function indexKnowledgeBase(config: ResolvedConfig, cwd: string, read: readonly ParsedFile[] | readonly FileHead[]): Promise<KnowledgeBase> {
  const entries: IndexEntry[] = read.flatMap((file) => ('postmortem' in file || 'problems' in file ? indexEntryOf(file as ParsedFile, config) : entryOfHead(file as FileHead, config)));
  return indexWithEntries(config, cwd, entries, new Set(read.map((file) => file.path)));
}

/** The index from entries already read, completed with every other configured postmortem. */
export async function indexWithEntries(config: ResolvedConfig, cwd: string, known: readonly IndexEntry[], read: ReadonlySet<string>, readEverything = false): Promise<KnowledgeBase> {
  const settings = config.knowledgeBase;
  const entries = [...known];
  // A lint of the configured postmortems has read them all already.
  for (const path of readEverything ? [] : await discoverFiles([], config, cwd)) {
    const shown = displayPath(path, cwd);
    if (read.has(shown)) continue;
    try {
      if (lstatSync(path).isSymbolicLink() || statSync(path).size > config.format.maxFileSize) continue;
      const meta = readIndexMeta(shown, readFileSync(path), config.format);
      if (meta) entries.push({ path: shown, meta: meta.meta, extraTags: extraTagsOf(meta.text, settings) });
    } catch {
      // An unreadable file is reported when it is linted; the index does without it.
    }
  }
  return buildKnowledgeBase(entries, settings);
}

/**
 * Reads and parses each file once. A file that cannot be read (a symbolic
 * link out of the workspace, a permission error) becomes a `parse` problem.
 */
export function readPostmortems(paths: readonly string[], config: ResolvedConfig, cwd: string): ParsedFile[] {
  const workspace = workspaceRoot(cwd);
  const seconds = config.format.maxReadSeconds;
  return mapWithinTime(
    paths,
    seconds,
    (path) => parseBody(headOf(path, config, cwd, workspace), config.format),
    (path) => tookTooLong(displayPath(path, cwd), seconds),
  );
}

/** The stand-in for a file that took longer than `maxReadSeconds`: unreadable, so sync leaves its issues alone. */
export function tookTooLong(path: string, seconds: number): ParsedFile {
  return { path, postmortem: undefined, problems: [{ ruleId: 'parse', message: tookTooLongMessage(seconds), line: 1, column: 1 }] };
}

function headOf(path: string, config: ResolvedConfig, cwd: string, workspace: string): FileHead {
  const loaded = loadFile(path, config, cwd, workspace);
  return 'problem' in loaded ? loaded : readHead(loaded.path, loaded.bytes, config.format);
}

/** The workspace's real path: links that resolve outside it are refused. */
export function workspaceRoot(cwd: string): string {
  return realpathOrSelf(resolve(cwd));
}

/** One file's bytes, or the `parse` problem that stands for a file that must not or cannot be read. */
export function loadFile(path: string, config: ResolvedConfig, cwd: string, workspace: string): { path: string; bytes: Buffer } | Extract<FileHead, { problem: unknown }> {
  const shown = displayPath(path, cwd);
  const refused = (message: string) => ({ path: shown, problem: { ruleId: 'parse' as const, message, line: 1, column: 1 } });
  try {
    const within = (root: string, candidate: string) => candidate === root || candidate.startsWith(root + sep);
    const link = lstatSync(path).isSymbolicLink();
    // A file under a linked folder (`postmortems -> /etc`) leaves the workspace as surely as a linked file does.
    if (link || within(workspace, path) || within(resolve(cwd), path)) {
      const target = realpathSync.native(path);
      if (!within(workspace, target)) {
        return refused(link ? 'File is a symbolic link to a place outside the workspace; it was not read' : 'File is in a folder that links to a place outside the workspace; it was not read');
      }
    }
    const stats = statSync(path);
    if (stats.isDirectory()) return refused('A directory named like a postmortem; it was not read. Rename it, or list it under `ignores` in the config');
    const { size } = stats;
    if (size > config.format.maxFileSize) return refused(tooLargeMessage(size, config.format.maxFileSize));
    return { path: shown, bytes: readFileSync(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refused(`File could not be read${code ? ` (${code})` : ''}: ${(error as Error).message}`);
  }
}

/** A head's entry in the knowledge-base index. */
export function entryOfHead(head: FileHead, config: ResolvedConfig): IndexEntry[] {
  return 'problem' in head ? [] : [{ path: head.path, meta: head.meta, extraTags: extraTagsOf(head.text, config.knowledgeBase) }];
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Parses the named incidents' files (only those) to read their action items. */
export function readIncidents(knowledgeBase: KnowledgeBase, ids: readonly string[], config: ResolvedConfig, cwd: string): ParsedFile[] {
  return incidentReader(knowledgeBase, config, cwd)(ids);
}

/**
 * `readIncidents` for a whole run: an incident that belongs to several
 * patterns is read and parsed once, however many times it is asked for.
 */
export function incidentReader(knowledgeBase: KnowledgeBase, config: ResolvedConfig, cwd: string): (ids: readonly string[]) => ParsedFile[] {
  const read = new Map<string, ParsedFile>();
  return (ids) => {
    const paths = ids.flatMap((id) => {
      const entry = knowledgeBase.byId.get(id)?.[0];
      return entry ? [resolve(cwd, entry.path)] : [];
    });
    const missing = [...new Set(paths.filter((path) => !read.has(path)))];
    readPostmortems(missing, config, cwd).forEach((file, index) => read.set(missing[index]!, file));
    return paths.map((path) => read.get(path)!);
  };
}
