import type { ResolvedConfig } from '../config/types.js';
import { lintFiles } from '../lint/engine.js';
import type { KnowledgeBase } from '../kb/index.js';
import type { FileResult } from '../model/finding.js';
import { parseBody, type ParsedFile } from '../parse/document.js';
import { loadConfig } from './config-file.js';
import { discoverFiles, indexKnowledgeBase, readHeads } from './files.js';

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
}

/** The one lint pipeline the CLI and the action share: config, discovery, one parse per file, rules. */
export interface LintOutcome {
  config: ResolvedConfig;
  results: FileResult[];
  /** The linted files as parsed, when `keepParsed` asked for them. */
  parsed: ParsedFile[];
  knowledgeBase: KnowledgeBase;
}

export async function lintWorkspace(request: LintRequest): Promise<LintOutcome> {
  const config = request.config ?? loadConfig(request.cwd, request.configPath);
  if (request.files) {
    config.files = request.files;
    config.root = request.cwd;
  }
  const paths = await discoverFiles(request.patterns, config, request.cwd);
  // Every file is read once: its head serves the index, and the body is parsed, linted and let go one file at a
  // time, so a full lint of thousands of postmortems never holds their trees all at once.
  const heads = readHeads(paths, config, request.cwd);
  const knowledgeBase = await indexKnowledgeBase(config, request.cwd, heads);
  const results: FileResult[] = [];
  const parsed: ParsedFile[] = [];
  for (const head of heads) {
    const file = parseBody(head, config.format);
    results.push(lintFiles([file], config, knowledgeBase)[0]!);
    if (request.keepParsed) parsed.push(file);
  }
  return { config, results, parsed, knowledgeBase };
}
