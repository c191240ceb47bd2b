import type { IndexEntry, KnowledgeBase } from '../kb/index.js';
import { lintOneFile } from '../lint/engine.js';
import type { AskedQuestion } from '../lint/knowledge.js';
import type { FileResult } from '../model/finding.js';
import { tookTooLong, type CacheStamp, type WorkspaceReader } from './reader.js';
import { mapWithinTime } from './time-limit.js';

export { contentHash } from './reader.js';

/** What reading one file told the knowledge base. */
export interface ReadReport {
  path: string;
  /** The content hash, when the cache is on and the file could be read. */
  hash: string | undefined;
  /** Its status fingerprint (see fingerprint.ts), when the cache is on and the file's status can be trusted. */
  stat: string | undefined;
  entry: IndexEntry | undefined;
  /** The cache holds this very content: the file was not parsed. */
  reused: boolean;
}

export interface LintReport {
  result: FileResult;
  /** With the cache on: the hash of the content linted, that file's status, and its index entry. */
  hash: string | undefined;
  stat: string | undefined;
  entry: IndexEntry | undefined;
  /** What the file asked of the knowledge base (with the cache on). */
  asked: AskedQuestion[] | undefined;
}

/**
 * The per-file half of a lint, the same in a worker thread and in the main
 * one: first read every file up to its frontmatter (the index needs all of
 * them), then, with the whole index known, parse and lint the bodies.
 */
export class LintShard {
  /**
   * `cached`, with the cache on, maps a path (as shown) to the content hash
   * the cache holds results for, and the file's status then: such a file's
   * frontmatter is not parsed, and while its status is the same, the file is
   * not even read.
   * `rereads`: the shard lets go of each file once indexed and reads it again
   * to lint it (worker threads, and a lint of many files in the main one).
   * Holding thousands of read files until the index is whole cost more
   * memory than reading each again (from the page cache): 10,000 PostHog
   * postmortems are 108 MB of text, held from the index to the lint in one
   * thread. A lint of few files keeps what it read and reads nothing twice.
   */
  constructor(
    private readonly reader: WorkspaceReader,
    private readonly cached: ReadonlyMap<string, CacheStamp> | undefined,
    private readonly rereads = false,
  ) {}

  /** The index entries of these files. */
  read(paths: readonly string[]): ReadReport[] {
    const reports = mapWithinTime(
      paths,
      this.reader.config.format.maxReadSeconds,
      (path) => {
        const shown = this.reader.shown(path);
        const known = this.cached?.get(shown);
        const { hash, stat } = this.cached ? this.reader.stamp(path, known) : { hash: undefined, stat: undefined };
        if (hash !== undefined && known?.hash === hash) {
          // Its cached result stands unless its answers changed: not held until the lint (the few linted again are read again).
          this.reader.forget(path);
          return { path: shown, hash, stat, entry: undefined, reused: true };
        }
        return { path: shown, hash, stat, entry: this.reader.entry(path), reused: false };
      },
      // Out of the index; the lint that follows reports it.
      (path) => ({ path: this.reader.shown(path), hash: undefined, stat: undefined, entry: undefined, reused: false }),
    );
    if (this.rereads) for (const path of paths) this.reader.forget(path);
    return reports;
  }

  /** Lints files (by absolute path) against the whole knowledge base, then lets go of them. */
  lint(knowledgeBase: KnowledgeBase, paths: readonly string[]): LintReport[] {
    const { config } = this.reader;
    const seconds = config.format.maxReadSeconds;
    const reports = mapWithinTime(
      paths,
      seconds,
      (path): LintReport => {
        const asked: AskedQuestion[] | undefined = this.cached ? [] : undefined;
        // With the cache on, the entry the index was built with, taken before the body is parsed.
        const entry = asked && this.reader.entry(path);
        const result = lintOneFile(this.reader.parse(path, { keep: false }), config, knowledgeBase, asked);
        const { hash, stat } = asked ? this.reader.stamp(path) : { hash: undefined, stat: undefined };
        return { result, hash, stat, entry, asked };
      },
      // Never cached: the next run tries the file again.
      (path) => ({ result: lintOneFile(tookTooLong(this.reader.shown(path), seconds), config, knowledgeBase), hash: undefined, stat: undefined, entry: undefined, asked: undefined }),
    );
    // Only now: a file the time limit stopped in is given its time again, from what was read.
    for (const path of paths) this.reader.forget(path);
    return reports;
  }
}
