import * as nodeFs from 'node:fs';
import type { FileSystemAdapter } from 'tinyglobby';

/** What the workspace needs of a file's or a link's status. */
export interface FileStats {
  size: number;
  /** What the lint cache's `metadata` strategy compares (fingerprint.ts); a file system without them is always hashed. */
  mtimeMs?: number;
  ctimeMs?: number;
  ino?: number | bigint;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

export interface DirectoryEntry {
  /** A string; a Buffer (as memfs types it) is taken as UTF-8. */
  name: string | Uint8Array;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/**
 * The file system the workspace reads and writes: the subset of `node:fs`
 * it uses, so that a run can be given another one (memfs in the tests, as
 * markdownlint-cli2's `main({ fs })` is). Paths are absolute.
 */
export interface WorkspaceFs {
  /** Bytes; a string (as memfs types its result) is taken as UTF-8. */
  readFileSync(path: string): Uint8Array | string;
  statSync(path: string): FileStats;
  lstatSync(path: string): FileStats;
  /** A string; a Buffer (as memfs types its result) is taken as UTF-8. */
  realpathSync: ((path: string) => string | Uint8Array) & { native?: (path: string) => string | Uint8Array };
  /** Entries (strings only where a file system types its result loosely, as memfs does). */
  readdirSync(path: string, options: { withFileTypes: true }): readonly (DirectoryEntry | string | Uint8Array)[];
  existsSync(path: string): boolean;
  writeFileSync(path: string, data: string, options?: { flag?: string }): void;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options?: { force?: boolean }): void;
}

export const NODE_FS: WorkspaceFs = nodeFs;

/**
 * Whether `fs` reads the real disk as `node:fs` does (its default export or
 * its namespace): only then can worker threads, which open `node:fs` of
 * their own, read the same files. A wrapped `node:fs` counts as another.
 */
export function isNodeFs(fs: WorkspaceFs): boolean {
  return fs === NODE_FS || (fs.readFileSync === nodeFs.readFileSync && fs.readdirSync === nodeFs.readdirSync && fs.statSync === nodeFs.statSync && fs.lstatSync === nodeFs.lstatSync);
}

export function readBytes(fs: WorkspaceFs, path: string): Uint8Array {
  const read = fs.readFileSync(path);
  return typeof read === 'string' ? Buffer.from(read, 'utf8') : read;
}

/** A file's text as `readFileSync(path, 'utf8')` gives it (a byte-order mark kept): the config, the template, the index page. */
export function readText(fs: WorkspaceFs, path: string): string {
  return text(fs.readFileSync(path));
}

const text = (value: string | Uint8Array) => (typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8'));

export function realpath(fs: WorkspaceFs, path: string): string {
  return text(fs.realpathSync(path));
}

/** The real path, by the native call where the file system has one (it resolves what the JavaScript one may not, such as Windows' substituted drives). */
export function realpathNative(fs: WorkspaceFs, path: string): string {
  return text(fs.realpathSync.native ? fs.realpathSync.native(path) : fs.realpathSync(path));
}

/** A folder's entries with their types. */
export function directoryEntries(fs: WorkspaceFs, path: string): { name: string; directory: boolean; link: boolean }[] {
  return fs
    .readdirSync(path, { withFileTypes: true })
    .flatMap((entry) => (typeof entry === 'object' && 'isDirectory' in entry ? [{ name: text(entry.name), directory: entry.isDirectory(), link: entry.isSymbolicLink() }] : []));
}

type Callback<T> = (error: Error | null, value?: T) => void;

/** The callback form of a synchronous call: what the glob walker asks of a file system. */
function callbackOf<T>(sync: (path: string, options?: unknown) => T) {
  return (path: string, ...rest: unknown[]) => {
    const callback = rest.pop() as Callback<T>;
    let value: T;
    try {
      value = sync(path, rest[0]);
    } catch (error) {
      return callback(error as Error);
    }
    callback(null, value);
  };
}

/**
 * The glob walker's view of `fs`: none for `node:fs` (tinyglobby's own
 * default), else every call it makes, since any it lacks would fall back to
 * the real disk.
 */
export function globFs(fs: WorkspaceFs): FileSystemAdapter | undefined {
  if (isNodeFs(fs)) return undefined;
  const readdirSync = (path: string, options?: unknown) => fs.readdirSync(path, options as { withFileTypes: true });
  const realpathSync = (path: string) => realpath(fs, path);
  const statSync = (path: string) => fs.statSync(path);
  return {
    readdirSync,
    realpathSync,
    statSync,
    readdir: callbackOf(readdirSync),
    realpath: callbackOf(realpathSync),
    stat: callbackOf(statSync),
  } as unknown as FileSystemAdapter;
}
