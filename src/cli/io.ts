import type { WorkspaceFs } from '../workspace/fs.js';

/** What a command is given of the world, and the exit codes it returns: apart from main.ts, so that the commands and main do not import each other. */
export interface CliIo {
  argv: readonly string[];
  cwd: string;
  /** Writes to stdout; false (as a stream's `write`) when the text waits in memory until `drained`. */
  stdout: (text: string) => boolean | void;
  /** Resolves once what stdout holds in memory is written (a pipe read slower than a report is made). */
  drained?: (() => Promise<void>) | undefined;
  /** Whether stdout's reader went away (`| head`): the rest of a report is not made. */
  stdoutClosed?: (() => boolean) | undefined;
  stderr: (text: string) => void;
  /** Whether stdout is coloured: decided by bin.ts from the terminal, FORCE_COLOR and NO_COLOR (color.ts). A report written to a file (--output) never is. */
  color: boolean;
  /** The file system the commands read and write (default: the real disk), as in markdownlint-cli2's `main({ fs })`. */
  fs?: WorkspaceFs | undefined;
  /** The environment `draft --from-issue` reads its token, repository and API address from (default: the process's). */
  env?: NodeJS.ProcessEnv | undefined;
}

export const EXIT = { clean: 0, findings: 1, failure: 2 } as const;
