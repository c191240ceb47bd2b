import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { ResolvedConfig } from '../config/types.js';
import { directoryEntries, globFs, type WorkspaceFs } from './fs.js';

export class UsageError extends Error {}

/**
 * What the globs must skip: the configured ignores, and the knowledge base's
 * own index page wherever `indexPath` puts it (inside the linted globs, it is
 * still no postmortem).
 */
export function skippedPaths(config: ResolvedConfig): string[] {
  return [...config.ignores, ...[config.indexPath, fullListPath(config.indexPath)].map((path) => escapeGlob(path.split('\\').join('/').replace(/^\.\//, '')))];
}

/** The full list of incidents `postmortem index` writes beside the front page: INCIDENTS.md in its folder. */
export function fullListPath(indexPath: string): string {
  const path = indexPath.split('\\').join('/');
  const slash = path.lastIndexOf('/');
  return `${slash === -1 ? '' : path.slice(0, slash + 1)}INCIDENTS.md`;
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
export async function discover(args: readonly string[], config: ResolvedConfig, cwd: string, fs: WorkspaceFs): Promise<string[]> {
  const found = new Set<string>();
  const options = { ignore: skippedPaths(config), onlyFiles: true, absolute: true, followSymbolicLinks: false, expandDirectories: false, fs: globFs(fs) };
  if (args.length === 0) {
    // Directories that match the globs (`postmortems/x.md/`) come back too: each is reported, not silently skipped.
    for (const file of await glob(config.files, { ...options, onlyFiles: false, cwd: config.root })) found.add(resolve(file));
    for (const link of symbolicLinksMatching(config, fs)) found.add(link);
    return [...found].sort();
  }
  for (const arg of args) {
    const path = resolve(cwd, arg);
    const stats = statOrUndefined(fs, path);
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
function symbolicLinksMatching(config: ResolvedConfig, fs: WorkspaceFs): string[] {
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
      entries = directoryEntries(fs, directory);
    } catch {
      return;
    }
    for (const entry of entries) {
      // Hidden folders and dependencies never hold postmortems (the globs skip dot paths too).
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(directory, entry.name);
      if (entry.link) {
        if (matches(relative(config.root, path).split(sep).join('/'))) links.add(path);
      } else if (entry.directory) walk(path);
    }
  };
  const bases = [...new Set(config.files.map(baseOf))].sort();
  // A base inside another base is walked once, as part of the outer one.
  for (const base of bases.filter((candidate, index) => !bases.slice(0, index).some((outer) => outer === '' || candidate.startsWith(`${outer}/`)))) walk(resolve(config.root, base));
  return [...links];
}

function statOrUndefined(fs: WorkspaceFs, path: string) {
  try {
    return fs.statSync(path);
  } catch {
    return undefined;
  }
}

function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!]/g, '\\$&');
}
