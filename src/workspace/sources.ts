import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { FileResult } from '../model/finding.js';
import { NODE_FS, type WorkspaceFs } from './fs.js';
import { loadFile } from './reader.js';

/** Where the linted files are: the run's configuration, working directory, workspace root and file system. */
export interface SourceReading {
  config: ResolvedConfig;
  cwd: string;
  /** The workspace's real path (workspaceRoot): a file that links outside it is not read. */
  workspace: string;
  fs?: WorkspaceFs | undefined;
}

/**
 * The text of the files that have findings, by their path as the results
 * name it, for the machine reports that quote them: SARIF's fingerprints
 * (the lines a finding points at) and fixes, ESLint's `source` and fix
 * ranges. Read again, after the lint (a full lint lets go of the files it
 * linted), with the lint's own guards: within the workspace and the size
 * limit. As the bytes decode (a BOM dropped, invalid UTF-8 as U+FFFD, line
 * endings as written, so that offsets are the file's); a file that cannot
 * be read is left out, and its findings go without.
 */
export function sourcesOf(results: readonly FileResult[], reading: SourceReading): Map<string, string> {
  const sources = new Map<string, string>();
  const read = sourceReader(reading);
  for (const result of results) {
    if (result.findings.length === 0 || sources.has(result.filePath)) continue;
    const source = read(result.filePath);
    if (source !== undefined) sources.set(result.filePath, source);
  }
  return sources;
}

/**
 * One file's text at a time, as sourcesOf reads it, for a report written file by file: a lint of thousands of
 * files never holds all of their texts at once. Undefined for a file that cannot be read.
 */
export function sourceReader(reading: SourceReading): (filePath: string) => string | undefined {
  return (filePath) => {
    const loaded = loadFile(resolve(reading.cwd, filePath), reading.config, reading.cwd, reading.workspace, reading.fs ?? NODE_FS);
    return 'problem' in loaded ? undefined : new TextDecoder('utf-8').decode(loaded.bytes);
  };
}
