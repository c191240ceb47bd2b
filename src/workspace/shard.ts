import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/types.js';
import type { IndexEntry, KnowledgeBase } from '../kb/index.js';
import { lintOneFile } from '../lint/engine.js';
import type { AskedQuestion } from '../lint/knowledge.js';
import type { FileResult } from '../model/finding.js';
import { parseBody, readHead, type FileHead } from '../parse/document.js';
import { displayPath } from './config-file.js';
import { entryOfHead, loadFile, tookTooLong, workspaceRoot } from './files.js';
import { mapWithinTime } from './time-limit.js';

/** What reading one file told the knowledge base. */
export interface ReadReport {
  path: string;
  /** The content hash, when the cache is on and the file could be read. */
  hash: string | undefined;
  entry: IndexEntry | undefined;
  /** The cache holds this very content: the file was not parsed. */
  reused: boolean;
}

export interface LintReport {
  result: FileResult;
  /** With the cache on: the hash of the content linted, and its index entry. */
  hash: string | undefined;
  entry: IndexEntry | undefined;
  /** What the file asked of the knowledge base (with the cache on). */
  asked: AskedQuestion[] | undefined;
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/**
 * The per-file half of a lint, the same in a worker thread and in the main
 * one: first read every file up to its frontmatter (the index needs all of
 * them), then, with the whole index known, parse and lint the bodies.
 */
export class LintShard {

  private readonly workspace: string;

  /**
   * `cached`, with the cache on, maps a path to the content hash the cache
   * holds results for: such a file's frontmatter is not parsed.
   */
  constructor(
    private readonly config: ResolvedConfig,
    private readonly cwd: string,
    private readonly cached: ReadonlyMap<string, string> | undefined,
  ) {
    this.workspace = workspaceRoot(cwd);
  }

  /**
   * The index entries of these files. Nothing is kept: holding thousands of
   * read files until the index is whole cost more memory than reading each
   * again (from the page cache) to lint it.
   */
  read(paths: readonly string[]): ReadReport[] {
    return mapWithinTime(
      paths,
      this.config.format.maxReadSeconds,
      (path) => {
        const { shown, head, hash } = this.load(path, this.cached);
        if (!head) return { path: shown, hash, entry: undefined, reused: true };
        return { path: shown, hash, entry: entryOfHead(head, this.config)[0], reused: false };
      },
      // Out of the index; the lint that follows reports it.
      (path) => ({ path: displayPath(path, this.cwd), hash: undefined, entry: undefined, reused: false }),
    );
  }

  /** Lints files (by absolute path) against the whole knowledge base. */
  lint(knowledgeBase: KnowledgeBase, paths: readonly string[]): LintReport[] {
    const seconds = this.config.format.maxReadSeconds;
    return mapWithinTime(
      paths,
      seconds,
      (path) => {
        const { head, hash } = this.load(path, undefined);
        const asked: AskedQuestion[] | undefined = this.cached ? [] : undefined;
        const result = lintOneFile(parseBody(head!, this.config.format), this.config, knowledgeBase, asked);
        // The entry of the content linted: the file is read again here, and may have changed since it was indexed.
        return { result, hash, entry: asked && entryOfHead(head!, this.config)[0], asked };
      },
      // Never cached: the next run tries the file again.
      (path) => ({ result: lintOneFile(tookTooLong(displayPath(path, this.cwd), seconds), this.config, knowledgeBase), hash: undefined, entry: undefined, asked: undefined }),
    );
  }

  /** The file's head, or none when `cached` holds results for this very content. */
  private load(path: string, cached: ReadonlyMap<string, string> | undefined): { shown: string; head: FileHead | undefined; hash: string | undefined } {
    const loaded = loadFile(path, this.config, this.cwd, this.workspace);
    if ('problem' in loaded) return { shown: loaded.path, head: loaded, hash: undefined };
    const hash = this.cached ? contentHash(loaded.bytes) : undefined;
    if (hash !== undefined && cached?.get(loaded.path) === hash) return { shown: loaded.path, head: undefined, hash };
    return { shown: loaded.path, head: readHead(loaded.path, loaded.bytes, this.config.format), hash };
  }
}
