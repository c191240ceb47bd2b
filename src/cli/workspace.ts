import { loadConfig } from '../workspace/config-file.js';
import { NODE_FS, type WorkspaceFs } from '../workspace/fs.js';
import { createReader, type WorkspaceReader } from '../workspace/reader.js';
import type { CliIo } from './io.js';

export function fsOf(io: CliIo): WorkspaceFs {
  return io.fs ?? NODE_FS;
}

/** The command's one reader of the workspace: the config (`--config` or the nearest), on the command's file system. */
export function openWorkspace(io: CliIo, configPath: string | undefined): WorkspaceReader {
  const fs = fsOf(io);
  return createReader({ config: loadConfig(io.cwd, configPath, { fs }), cwd: io.cwd, fs });
}
