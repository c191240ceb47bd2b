import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigError } from '../config/types.js';
import { createGitHub } from '../github/client.js';
import { rateLimitReset, type GitHubPort } from '../github/port.js';
import { loadConfig } from '../workspace/config-file.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { escalateMode } from './escalate-mode.js';
import { lintMode, type PullRequest } from './lint-mode.js';
import { syncMode } from './sync-mode.js';

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
 * postmortems open no issues), a schedule or a manual run escalates.
 */
function modeOf(inputs: ActionInputs, eventName: string, defaultBranch: string): 'lint' | 'sync' | 'escalate' {
  if (inputs.mode !== 'auto') return inputs.mode;
  if (eventName === 'push') {
    if (process.env.GITHUB_REF === `refs/heads/${defaultBranch}`) return 'sync';
    core.notice(`A push to ${process.env.GITHUB_REF ?? 'a branch'} is linted, not synced: action items become issues from ${defaultBranch} only.`);
    return 'lint';
  }
  if (eventName === 'schedule' || eventName === 'workflow_dispatch') return 'escalate';
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

export async function run(): Promise<void> {
  try {
    const inputs = readInputs(new Date());
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const config = loadConfig(workspace, inputs.config);
    if (inputs.path.length > 0) {
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
      await syncMode({ inputs, config, workspace, github: connect, linkBase: `${server}/${owner}/${repo}/blob/${encodeURIComponent(defaultBranch)}/` });
      if (github) core.info(`${(github as GitHubPort).operations} GitHub API requests`);
      return;
    }
    if (mode === 'escalate') {
      await escalateMode({ inputs, config, workspace, github: connect });
      if (github) core.info(`${(github as GitHubPort).operations} GitHub API requests`);
      return;
    }
    const outcome = await lintMode({
      inputs,
      config,
      workspace,
      pull: pullRequestOf(eventName, process.env.GITHUB_EVENT_PATH),
      github: connect,
      blobBase: process.env.GITHUB_REPOSITORY && process.env.GITHUB_SHA ? `${server}/${process.env.GITHUB_REPOSITORY}/blob/${process.env.GITHUB_SHA}/` : undefined,
      version: packageJson.version,
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
