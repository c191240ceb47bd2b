import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { buildKnowledgeBase, type IndexEntry, type KnowledgeBase } from '../kb/index.js';
import { extraTagsOf } from '../kb/tags.js';
import type { PostmortemMeta } from '../model/postmortem.js';
import { parseBody, readHead, tooLargeMessage, type FileHead, type ParsedFile, type ParseProblem } from '../parse/document.js';
import { displayPath } from './config-file.js';
import { discover } from './discover.js';
import { fingerprintOf } from './fingerprint.js';
import { isNodeFs, NODE_FS, readBytes, realpath, realpathNative, type FileStats, type WorkspaceFs } from './fs.js';
import { mapWithinTime, tookTooLongMessage } from './time-limit.js';

export interface ReaderOptions {
  config: ResolvedConfig;
  cwd: string;
  /** Default: `node:fs`. */
  fs?: WorkspaceFs | undefined;
}

/** What a run knows of one file: read once, its head read from the bytes once. */
interface FileState {
  shown: string;
  /** The content hash; none for a file that could not be read. */
  hash: string | undefined;
  /** The bytes, until the head is read from them. */
  bytes: Uint8Array | undefined;
  head: FileHead | undefined;
  /** The index entry, once made (null: the file has none). */
  entry?: IndexEntry | null;
  /** Read for the index alone (its text let go), or not read at all (its status is the cache's): a parse reads it. */
  released?: boolean;
  /** Its status as the cache's `metadata` strategy compares it (fingerprint.ts); none for a link or a file changed just now. */
  stat?: string | undefined;
}

/** What the lint cache holds of a file: the hash of the content it linted, and that file's status then. */
export interface CacheStamp {
  hash: string;
  stat?: string | undefined;
}

/** The parse memo's key: a file's path and content. */
function keyOf(path: string, state: FileState): string {
  return `${path}\0${state.hash ?? ''}`;
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/**
 * An incident's entry in the knowledge-base index: its frontmatter and the tags its text adds. Every entry is made
 * here, as a copy that shares no memory with the file's text: a title read from the first heading is a slice of
 * the text, and V8 keeps a slice's whole parent alive, so an index of 3,000 PostHog postmortems held 56 MB of
 * their texts through their titles (a heap snapshot in the middle of a lint) until the entries were copied.
 */
export function indexEntry(path: string, meta: PostmortemMeta, text: string, config: ResolvedConfig): IndexEntry {
  return structuredClone({ path, meta, extraTags: extraTagsOf(text, config.knowledgeBase) });
}

/** The stand-in for a file that took longer than `maxReadSeconds`: unreadable, so sync leaves its issues alone. */
export function tookTooLong(path: string, seconds: number): ParsedFile {
  return { path, postmortem: undefined, problems: [{ ruleId: 'parse', message: tookTooLongMessage(seconds), line: 1, column: 1 }] };
}

export function createReader(options: ReaderOptions): WorkspaceReader {
  return new WorkspaceReader(options.config, options.cwd, options.fs ?? NODE_FS);
}

/**
 * One run's reading of the workspace: the configured files are discovered
 * once, each file is read once, its frontmatter read once, its body parsed
 * once (same path and bytes, the same ParsedFile), and index entries are
 * made in one place. Paths given to it are absolute; what it reports names
 * files as the user sees them (relative to `cwd`).
 *
 * What a run reads is kept until the run ends (the text, not the trees, of a
 * file read only for the index), so that a later step (patterns reading
 * earlier incidents, the lint after the index) reads nothing again. A
 * streaming lint lets go of each file once linted (`forget`).
 */
export class WorkspaceReader {
  /** The workspace's real path: links that resolve outside it are refused. */
  readonly workspace: string;
  /** Whether this is the real disk, which worker threads (with their own `node:fs`) can read too. */
  readonly onDisk: boolean;
  private discovered: Promise<string[]> | undefined;
  private readonly files = new Map<string, FileState>();
  /** The stand-ins of files whose parse ran out of time: for the rest of the run, never read again without a limit. */
  private readonly late = new Map<string, ParsedFile>();
  /** Each folder's real path, found once (see loadFile). */
  private readonly folders = new Map<string, string>();
  /** By path and content hash. */
  private readonly parsed = new Map<string, ParsedFile>();

  constructor(
    readonly config: ResolvedConfig,
    readonly cwd: string,
    readonly fs: WorkspaceFs,
  ) {
    this.workspace = workspaceRoot(cwd, fs);
    this.onDisk = isNodeFs(fs);
  }

  /** The files to lint (see discover.ts); the configured ones (no arguments) are found once per run. */
  discover(args: readonly string[] = []): Promise<string[]> {
    if (args.length > 0) return discover(args, this.config, this.cwd, this.fs);
    this.discovered ??= discover([], this.config, this.cwd, this.fs);
    return this.discovered;
  }

  /** How reports name the file. */
  shown(path: string): string {
    return displayPath(path, this.cwd);
  }

  /** The file's content hash, reading it if this run has not; none for a file that could not be read. */
  hash(path: string): string | undefined {
    return this.load(path).hash;
  }

  /**
   * The file's content hash and status. `known`, what the lint cache holds of it: a file whose status is still the
   * one recorded there is not read, and its hash is the cached one (the cache's `metadata` strategy).
   */
  stamp(path: string, known?: CacheStamp): { hash: string | undefined; stat: string | undefined } {
    const state = this.load(path, known);
    return { hash: state.hash, stat: state.stat };
  }

  /** The file up to its frontmatter, or the `parse` problem that stands for a file that must not or cannot be read. */
  head(path: string): FileHead {
    let state = this.load(path);
    if (state.released) {
      // Read for the index alone and let go: one of the few files asked for again (an earlier incident of a pattern).
      this.files.delete(path);
      state = this.load(path);
    }
    if (!state.head) {
      state.head = readHead(state.shown, state.bytes!, this.config.format);
      state.bytes = undefined;
    }
    return state.head;
  }

  /**
   * The file's entry in the knowledge-base index: from its frontmatter,
   * none for a file that could not be read, or whose body this run could
   * not parse (as a lint of it reports).
   */
  entry(path: string): IndexEntry | undefined {
    // A file this run could not parse in time is not read again, without a limit, for the index.
    if (this.late.has(path)) return undefined;
    const state = this.load(path);
    const parsed = this.parsed.get(keyOf(path, state));
    if (parsed && !parsed.postmortem) return undefined;
    if (state.entry !== undefined) return state.entry ?? undefined;
    const head = this.head(path);
    state.entry = 'problem' in head ? null : indexEntry(head.path, head.meta, head.text, this.config);
    return state.entry ?? undefined;
  }

  /**
   * The file parsed. `keep: false` is for a lint that lets each tree go once
   * linted: the tree is not kept (the head is, until `forget`).
   */
  parse(path: string, { keep = true }: { keep?: boolean } = {}): ParsedFile {
    const late = this.late.get(path);
    if (late) return late;
    const key = keyOf(path, this.load(path));
    const known = this.parsed.get(key);
    if (known) return known;
    const parsed = parseBody(this.head(path), this.config.format);
    if (keep) this.parsed.set(key, parsed);
    return parsed;
  }

  /**
   * Files parsed, each within `maxReadSeconds`. A file that cannot be read (a
   * symbolic link out of the workspace, a permission error) becomes a
   * `parse` problem; one that takes too long, a stand-in that says so, for
   * the rest of the run.
   */
  parseAll(paths: readonly string[]): ParsedFile[] {
    const seconds = this.config.format.maxReadSeconds;
    return mapWithinTime(
      paths,
      seconds,
      (path) => this.parse(path),
      (path) => {
        // By path: the time may have run out while the file was being read, before this run knew its hash.
        const late = tookTooLong(this.shown(path), seconds);
        this.late.set(path, late);
        return late;
      },
    );
  }

  /** Lets go of what this run read of a file: asked again, it is read again. */
  forget(path: string): void {
    const state = this.files.get(path);
    if (state) this.parsed.delete(keyOf(path, state));
    this.files.delete(path);
  }

  /** The knowledge-base index: the entries of these files, and of every other configured postmortem. */
  index(paths: readonly string[] = []): Promise<KnowledgeBase> {
    return this.indexWith(
      paths.flatMap((path) => this.entry(path) ?? []),
      new Set(paths.map((path) => this.shown(path))),
    );
  }

  /**
   * The index from entries read elsewhere (worker threads, the lint cache;
   * `reported` names their files as shown), completed with every other
   * configured postmortem unless `complete` says these are all of them.
   */
  async indexWith(known: readonly IndexEntry[], reported: ReadonlySet<string>, complete = false): Promise<KnowledgeBase> {
    const entries = [...known];
    if (!complete) {
      const others = (await this.discover()).filter((path) => !reported.has(this.shown(path)));
      // An unreadable file is reported when it is linted; the index does without it.
      const read = mapWithinTime(others, this.config.format.maxReadSeconds, (path) => this.indexOnly(path), () => undefined);
      for (const entry of read) if (entry) entries.push(entry);
    }
    return buildKnowledgeBase(entries, this.config.knowledgeBase);
  }

  /** A postmortem read for the index alone; a symbolic link is linted (and refused if it leads out), never indexed by itself. */
  private indexOnly(path: string): IndexEntry | undefined {
    if (!this.files.has(path)) {
      try {
        if (this.fs.lstatSync(path).isSymbolicLink()) return undefined;
      } catch {
        return undefined;
      }
    }
    const known = this.files.has(path);
    const entry = this.entry(path);
    // Its text is let go: a run that held every file it indexed would hold the whole knowledge base at once.
    const state = this.files.get(path);
    if (!known && state && state.hash !== undefined) Object.assign(state, { bytes: undefined, head: undefined, released: true });
    return entry;
  }

  /**
   * The incidents' files by id, parsed (only those) to read their action
   * items: an incident that belongs to several patterns, or that this run
   * has read already, is read and parsed once.
   */
  incidents(knowledgeBase: KnowledgeBase): (ids: readonly string[]) => ParsedFile[] {
    return (ids) =>
      this.parseAll(
        ids.flatMap((id) => {
          const entry = knowledgeBase.byId.get(id)?.[0];
          return entry ? [resolve(this.cwd, entry.path)] : [];
        }),
      );
  }

  /** The file as this run read it: read now if it was not. */
  private load(path: string, known?: CacheStamp): FileState {
    let state = this.files.get(path);
    if (!state) {
      const now = Date.now();
      const checked = checkFile(path, this.config, this.cwd, this.workspace, this.fs, this.folders);
      const stat = 'problem' in checked || checked.link ? undefined : fingerprintOf(checked.stats, now);
      const loaded = 'problem' in checked || (stat !== undefined && stat === known?.stat) ? checked : readChecked(checked.path, path, this.fs);
      if ('problem' in loaded) state = { shown: loaded.path, hash: undefined, bytes: undefined, head: loaded };
      // Unchanged since the cache saw it: not read (a parse, if the answers changed, reads it then).
      else if (!('bytes' in loaded)) state = { shown: loaded.path, hash: known!.hash, bytes: undefined, head: undefined, released: true, stat };
      else state = { shown: loaded.path, hash: contentHash(loaded.bytes), bytes: loaded.bytes, head: undefined, stat };
      this.files.set(path, state);
    }
    return state;
  }
}

/** The workspace's real path: links that resolve outside it are refused. */
export function workspaceRoot(cwd: string, fs: WorkspaceFs = NODE_FS): string {
  const path = resolve(cwd);
  try {
    return realpath(fs, path);
  } catch {
    return path;
  }
}

type Refused = { path: string; problem: ParseProblem };

const refusal = (shown: string, message: string): Refused => ({ path: shown, problem: { ruleId: 'parse', message, line: 1, column: 1 } });
const unreadable = (shown: string, error: unknown): Refused => {
  const code = (error as NodeJS.ErrnoException).code;
  return refusal(shown, `File could not be read${code ? ` (${code})` : ''}: ${(error as Error).message}`);
};

/** A file that may be read: its status (its target's, for a link), or the `parse` problem that stands for one that must not or cannot be. */
export function checkFile(
  path: string,
  config: ResolvedConfig,
  cwd: string,
  workspace: string,
  fs: WorkspaceFs = NODE_FS,
  folders: Map<string, string> = new Map(),
): { path: string; stats: FileStats; link: boolean } | Refused {
  const shown = displayPath(path, cwd);
  const refused = (message: string) => refusal(shown, message);
  try {
    const within = (root: string, candidate: string) => candidate === root || candidate.startsWith(root + sep);
    const own = fs.lstatSync(path);
    const link = own.isSymbolicLink();
    // A file under a linked folder (`postmortems -> /etc`) leaves the workspace as surely as a linked file does.
    if (link || within(workspace, path) || within(resolve(cwd), path)) {
      // A file that is no link is where its folder really is: one realpath per folder (`folders`), not per file.
      const folder = dirname(path);
      let real = folders.get(folder);
      if (!link && real === undefined) folders.set(folder, (real = realpathNative(fs, folder)));
      const target = link ? realpathNative(fs, path) : join(real!, basename(path));
      if (!within(workspace, target)) {
        return refused(link ? 'File is a symbolic link to a place outside the workspace; it was not read' : 'File is in a folder that links to a place outside the workspace; it was not read');
      }
    }
    const stats = link ? fs.statSync(path) : own;
    if (stats.isDirectory()) return refused('A directory named like a postmortem; it was not read. Rename it, or list it under `ignores` in the config');
    const { size } = stats;
    if (size > config.format.maxFileSize) return refused(tooLargeMessage(size, config.format.maxFileSize));
    return { path: shown, stats, link };
  } catch (error) {
    return unreadable(shown, error);
  }
}

/** One file's bytes, or the `parse` problem that stands for a file that must not or cannot be read (checkFile's guards). */
export function loadFile(...args: Parameters<typeof checkFile>): { path: string; bytes: Uint8Array } | Refused {
  const checked = checkFile(...args);
  const [path, , , , fs = NODE_FS] = args;
  return 'problem' in checked ? checked : readChecked(checked.path, path, fs);
}

function readChecked(shown: string, path: string, fs: WorkspaceFs): { path: string; bytes: Uint8Array } | Refused {
  try {
    return { path: shown, bytes: readBytes(fs, path) };
  } catch (error) {
    return unreadable(shown, error);
  }
}
