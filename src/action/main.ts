import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as core from '@actions/core';
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigError } from '../config/types.js';
import { createGitHub } from '../github/client.js';
import { rateLimitReset, type GitHubPort } from '../github/port.js';
import { globLeaves, loadConfig } from '../workspace/config-file.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import type { PullRequest } from './lint-mode.js';

/** The pull request of a pull_request event, from the payload the runner wrote. */
function pullRequestOf(eventName: string, eventPath: string | undefined): PullRequest | undefined {
  if (!eventPath || (eventName !== 'pull_request' && eventName !== 'pull_request_target')) return undefined;
  const payload = JSON.parse(readFileSync(eventPath, 'utf8')) as { pull_request?: { number?: number; base?: { sha?: string }; head?: { sha?: string } } };
  const pull = payload.pull_request;
  if (!pull?.number || !pull.base?.sha || !pull.head?.sha) return undefined;
  return { number: pull.number, base: pull.base.sha, head: pull.head.sha };
}

/**
 * `auto` picks the mode by event: a pull request is linted, a push to the
 * default branch synced (a push elsewhere is only linted: unmerged
 * postmortems open no issues), a schedule or a manual run escalates, an
 * issue event drafts (a closed incident issue becomes a draft postmortem).
 */
function modeOf(inputs: ActionInputs, eventName: string, defaultBranch: string): Exclude<ActionInputs['mode'], 'auto'> {
  if (inputs.mode !== 'auto') return inputs.mode;
  if (eventName === 'push') {
    if (process.env.GITHUB_REF === `refs/heads/${defaultBranch}`) return 'sync';
    core.notice(`A push to ${process.env.GITHUB_REF ?? 'a branch'} is linted, not synced: action items become issues from ${defaultBranch} only.`);
    return 'lint';
  }
  if (eventName === 'schedule' || eventName === 'workflow_dispatch') return 'escalate';
  if (eventName === 'issues') return 'draft';
  return 'lint';
}

/** The repository's default branch, for links that outlive the commit. */
function defaultBranchOf(eventPath: string | undefined): string {
  if (!eventPath) return 'main';
  try {
    const payload = JSON.parse(readFileSync(eventPath, 'utf8')) as { repository?: { default_branch?: unknown } };
    return typeof payload.repository?.default_branch === 'string' ? payload.repository.default_branch : 'main';
  } catch {
    return 'main';
  }
}

/**
 * On pull_request_target the token can write and secrets are there, but the event is the pull request's: when
 * the workflow checked out its head (or its merge commit), the documents and config that steer this run are the
 * pull request author's. The run goes on (the workflow chose it); the log and the summary say so.
 */
async function warnOnPullRequestHead(eventName: string, eventPath: string | undefined, workspace: string): Promise<void> {
  if (eventName !== 'pull_request_target' || !eventPath) return;
  let pull: { head?: { sha?: unknown }; merge_commit_sha?: unknown } | undefined;
  try {
    pull = (JSON.parse(readFileSync(eventPath, 'utf8')) as { pull_request?: typeof pull }).pull_request;
  } catch {
    return;
  }
  const checkedOut = await checkedOutCommit(workspace);
  const prCommits = [pull?.head?.sha, pull?.merge_commit_sha].filter((sha): sha is string => typeof sha === 'string' && sha !== '');
  if (!checkedOut || !prCommits.includes(checkedOut)) return;
  const which = checkedOut === pull?.head?.sha ? 'head' : 'merge commit';
  const message =
    `This pull_request_target run has the pull request's ${which} (${checkedOut.slice(0, 7)}) checked out, with a token that can write: ` +
    "the postmortems and .postmortemrc.yml it reads are the pull request author's, possibly from a fork. " +
    "Check out the base branch (pull_request_target's default) and read the pull request's files as data only; see SECURITY.md.";
  core.warning(message);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(`> [!WARNING]\n> ${message}\n\n`).write();
}

/** The commit checked out in the workspace: `git rev-parse HEAD`, or `.git/HEAD` where git cannot run. */
async function checkedOutCommit(workspace: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'], { cwd: workspace });
    return stdout.trim();
  } catch {
    try {
      const head = readFileSync(join(workspace, '.git', 'HEAD'), 'utf8').trim();
      return /^[0-9a-f]{40,64}$/.test(head) ? head : undefined;
    } catch {
      return undefined;
    }
  }
}

export async function run(): Promise<void> {
  try {
    const inputs = readInputs(new Date());
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    // Before the config is read: a pull request's config is one of the things the warning is about.
    await warnOnPullRequestHead(process.env.GITHUB_EVENT_NAME ?? '', process.env.GITHUB_EVENT_PATH, workspace);
    const config = loadConfig(workspace, inputs.config, { workspace });
    if (inputs.path.length > 0) {
      const outside = inputs.path.find((glob) => globLeaves(glob, workspace, workspace));
      if (outside !== undefined) throw new InputError(`Input "path" has "${outside}", which reaches outside the workspace: globs are relative to the repository and must stay inside it`);
      config.files = inputs.path;
      config.root = workspace;
    }
    const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    let github: GitHubPort | undefined;
    const connect = () =>
      (github ??= createGitHub({ token: inputs.token, repository: { owner, repo }, maxOperations: inputs.maxOperations, writeInterval: inputs.writeInterval, requestTimeout: inputs.requestTimeout, log: { warning: (message) => core.warning(message) } }));
    const eventName = process.env.GITHUB_EVENT_NAME ?? '';
    const defaultBranch = defaultBranchOf(process.env.GITHUB_EVENT_PATH);
    const mode = modeOf(inputs, eventName, defaultBranch);
    const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
    core.info(`postmortem-kb ${packageJson.version}: ${mode} mode (${eventName || 'no event'})${inputs.dryRun ? ', dry run' : ''}`);
    if (mode === 'sync') {
      // The pushed commit: issue bodies link to their item's row at it (a sha as Git spells one, or no permalink).
      const sha = process.env.GITHUB_SHA ?? '';
      const commit = /^[0-9a-f]{7,64}$/i.test(sha) ? { repository: `${server}/${owner}/${repo}`, sha } : undefined;
      // Each mode's code is loaded when its mode runs: a run evaluates only what it needs.
      const { syncMode } = await import('./sync-mode.js');
      await syncMode({ inputs, config, workspace, github: connect, linkBase: `${server}/${owner}/${repo}/blob/${encodeURIComponent(defaultBranch)}/`, commit });
      if (github) core.info(`${(github as GitHubPort).operations} GitHub API requests`);
      return;
    }
    if (mode === 'draft') {
      const payload = process.env.GITHUB_EVENT_PATH ? (JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>) : {};
      const { draftMode } = await import('./draft-mode.js');
      await draftMode({ inputs, config, workspace, github: connect, payload, repositoryUrl: `${server}/${owner}/${repo}` });
      if (github) core.info(`${(github as GitHubPort).operations} GitHub API requests`);
      return;
    }
    if (mode === 'escalate') {
      // Comments link rows at the commit read (a permalink: the line stays right); the report, rewritten each day, at the default branch.
      const sha = process.env.GITHUB_SHA ?? '';
      const repository = owner !== '' && repo !== '' ? `${server}/${owner}/${repo}` : undefined;
      const links = repository === undefined ? undefined : { blob: `${repository}/blob/${/^[0-9a-f]{7,64}$/i.test(sha) ? sha : encodeURIComponent(defaultBranch)}/`, branch: `${repository}/blob/${encodeURIComponent(defaultBranch)}/` };
      const { escalateMode } = await import('./escalate-mode.js');
      await escalateMode({ inputs, config, workspace, github: connect, links });
      if (github) core.info(`${(github as GitHubPort).operations} GitHub API requests`);
      return;
    }
    const { lintMode } = await import('./lint-mode.js');
    const outcome = await lintMode({
      inputs,
      config,
      workspace,
      pull: pullRequestOf(eventName, process.env.GITHUB_EVENT_PATH),
      github: connect,
      blobBase: process.env.GITHUB_REPOSITORY && process.env.GITHUB_SHA ? `${server}/${process.env.GITHUB_REPOSITORY}/blob/${process.env.GITHUB_SHA}/` : undefined,
      version: packageJson.version,
      repositoryUrl: process.env.GITHUB_REPOSITORY ? `${server}/${process.env.GITHUB_REPOSITORY}` : undefined,
      runUrl: process.env.GITHUB_REPOSITORY && process.env.GITHUB_RUN_ID ? `${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}` : undefined,
    });
    if (github) core.info(`${(github as GitHubPort).operations} GitHub API requests`);
    if (outcome.failed) core.setFailed(`Postmortem lint found ${outcome.errors} errors and ${outcome.warnings} warnings`);
  } catch (error) {
    const reset = rateLimitReset(error);
    if (reset) {
      // Not a failure of the postmortems: the run stops early, and the next one continues.
      core.warning(`GitHub's API rate limit is exhausted until ${reset.toISOString()}: this run stopped early; run again after that time to continue.`);
      return;
    }
    if (error instanceof ConfigError) {
      core.setFailed(`Configuration error: ${error.file ?? ''}${error.line ? `:${error.line}` : ''} ${error.message}`);
    } else if (error instanceof InputError) {
      core.setFailed(error.message);
    } else {
      core.setFailed(`postmortem-kb failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
