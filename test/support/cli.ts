import { main } from '../../src/cli/main.js';
import type { WorkspaceFs } from '../../src/workspace/fs.js';
import { REPO } from '../helpers.js';

/** The CLI run as a function, its output collected: what the CLI's tests ask of `main`. */
export async function runCli(argv: string[], cwd = REPO, options: { fs?: WorkspaceFs | undefined; color?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({ argv, cwd, fs: options.fs, env: options.env, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), color: options.color ?? false });
  return { code, stdout, stderr };
}
