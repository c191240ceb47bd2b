import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
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
 * The text of a file with findings, read again when a machine report quotes it (SARIF's fingerprints and fixes,
 * ESLint's `source` and fix ranges), one file at a time: a lint of thousands of files lets go of each file once
 * linted and never holds all of their texts at once. Read with the lint's own guards (within the workspace and the
 * size limit), as the bytes decode (a BOM dropped, invalid UTF-8 as U+FFFD, line endings as written, so that
 * offsets are the file's). Undefined for a file that cannot be read: its findings go without.
 */
export function sourceReader(reading: SourceReading): (filePath: string) => string | undefined {
  // Each folder's real path is asked once, as the lint's reader does.
  const folders = new Map<string, string>();
  return (filePath) => {
    const loaded = loadFile(resolve(reading.cwd, filePath), reading.config, reading.cwd, reading.workspace, reading.fs ?? NODE_FS, folders);
    return 'problem' in loaded ? undefined : new TextDecoder('utf-8').decode(loaded.bytes);
  };
}
