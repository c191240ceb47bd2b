import { execFile } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import picomatch from 'picomatch';
import type { ResolvedConfig } from '../config/types.js';
import type { GitHubPort, PullRequestFile } from '../github/port.js';
import { changedLinesOfDiff, changedLinesOfFiles, type ChangedLines } from '../review/diff-lines.js';
import { skippedPaths } from '../workspace/discover.js';

const run = promisify(execFile);

export interface ChangedFiles {
  /** Repository-relative paths of files the pull request adds or modifies (deleted files are gone). */
  files: string[];
  /** Where the list came from: the checked-out history, or the API when the history is too shallow. */
  source: 'git' | 'api';
  /** The API's answer, when it was asked: its patches say which lines changed without asking again. */
  api?: PullRequestFile[];
}

/**
 * The files a pull request changes, from the checked-out history (no API
 * call); when the checkout is shallow (actions/checkout's default) and the base
 * commit is missing, from the pull request files endpoint.
 */
export async function changedFiles(workspace: string, pull: { number: number; base: string; head: string }, github: () => GitHubPort): Promise<ChangedFiles> {
  try {
    const { stdout } = await run('git', ['diff', '--name-only', '--no-renames', '--diff-filter=d', '-z', `${pull.base}...${pull.head}`], { cwd: workspace, maxBuffer: 64 * 1024 * 1024 });
    return { files: stdout.split('\0').filter(Boolean), source: 'git' };
  } catch {
    const files = await github().pullRequestFiles(pull.number);
    return { files: files.filter((file) => file.status !== 'removed').map((file) => file.path), source: 'api', api: files };
  }
}

/**
 * The lines the pull request adds or changes, by file: from the checked-out history (`git diff --unified=0`, renames
 * found as GitHub finds them, so a renamed file's old lines are not "changed"), else from the pull request files API's
 * patches (`known`, when the file list came from there). A file GitHub sends without a patch has none.
 */
export async function changedLines(workspace: string, pull: { number: number; base: string; head: string }, github: () => GitHubPort, known?: PullRequestFile[]): Promise<ChangedLines> {
  if (!known) {
    try {
      const args = ['-c', 'core.quotePath=false', 'diff', '--unified=0', '--no-color', '--no-ext-diff', '--find-renames', `${pull.base}...${pull.head}`];
      const { stdout } = await run('git', args, { cwd: workspace, maxBuffer: 256 * 1024 * 1024 });
      return changedLinesOfDiff(stdout);
    } catch {
      // A shallow checkout: the API says it.
    }
  }
  return changedLinesOfFiles(known ?? (await github().pullRequestFiles(pull.number)));
}

/** Which of the changed files are postmortems, by the configured globs. */
export function postmortemsAmong(files: readonly string[], config: ResolvedConfig, workspace: string): string[] {
  const isPostmortem = picomatch(config.files, { ignore: skippedPaths(config), dot: false });
  return files.filter((file) => {
    const fromRoot = relative(config.root, resolve(workspace, file)).split('\\').join('/');
    return !fromRoot.startsWith('..') && isPostmortem(fromRoot);
  });
}
