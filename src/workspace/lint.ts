import type { ResolvedConfig } from '../config/types.js';
import { lintFiles } from '../lint/engine.js';
import type { KnowledgeBase } from '../kb/index.js';
import type { FileResult } from '../model/finding.js';
import type { ParsedFile } from '../parse/document.js';
import { loadConfig } from './config-file.js';
import { discoverFiles, indexKnowledgeBase, readPostmortems } from './files.js';

export interface LintRequest {
  cwd: string;
  /** Files, directories or globs; empty means the configured postmortems. */
  patterns: readonly string[];
  configPath?: string | undefined;
  /** Replaces the configured globs (the action's `path` input). */
  files?: string[] | undefined;
  /** A configuration already loaded (by the action, to pick the changed postmortems). */
  config?: ResolvedConfig | undefined;
}

/** The one lint pipeline the CLI and the action share: config, discovery, one parse per file, rules. */
export interface LintOutcome {
  config: ResolvedConfig;
  results: FileResult[];
  /** The linted files as parsed, for reports that read more than findings. */
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
  const parsed = readPostmortems(paths, config, request.cwd);
  const knowledgeBase = await indexKnowledgeBase(config, request.cwd, parsed);
  return { config, results: lintFiles(parsed, config, knowledgeBase), parsed, knowledgeBase };
}
