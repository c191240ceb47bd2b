import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigError } from '../config/types.js';
import { createGitHub } from '../github/client.js';
import type { GitHubPort } from '../github/port.js';
import { escapeData } from '../report/github.js';
import { loadConfig } from '../workspace/config-file.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { lintMode, type PullRequest } from './lint-mode.js';

/** The pull request of a pull_request event, from the payload the runner wrote. */
function pullRequestOf(eventName: string, eventPath: string | undefined): PullRequest | undefined {
  if (!eventPath || (eventName !== 'pull_request' && eventName !== 'pull_request_target')) return undefined;
  const payload = JSON.parse(readFileSync(eventPath, 'utf8')) as { pull_request?: { number?: number; base?: { sha?: string }; head?: { sha?: string } } };
  const pull = payload.pull_request;
  if (!pull?.number || !pull.base?.sha || !pull.head?.sha) return undefined;
  return { number: pull.number, base: pull.base.sha, head: pull.head.sha };
}

/**
 * `auto` picks the mode by event. Until the sync and escalate modes exist,
 * every event lints: a pull request its changed postmortems, others the
 * whole knowledge base.
 */
function modeOf(inputs: ActionInputs): 'lint' | 'sync' | 'escalate' {
  return inputs.mode === 'auto' ? 'lint' : inputs.mode;
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
      (github ??= createGitHub({ token: inputs.token, repository: { owner, repo }, maxOperations: inputs.maxOperations, log: { warning: (message) => core.warning(escapeData(message)) } }));
    const eventName = process.env.GITHUB_EVENT_NAME ?? '';
    const mode = modeOf(inputs);
    if (mode !== 'lint') {
      core.setFailed(`Mode "${mode}" is not available in postmortem-kb ${packageJson.version}; use mode: lint`);
      return;
    }
    const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
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
    if (error instanceof ConfigError) {
      core.setFailed(`Configuration error: ${error.file ?? ''}${error.line ? `:${error.line}` : ''} ${error.message}`);
    } else if (error instanceof InputError) {
      core.setFailed(error.message);
    } else {
      core.setFailed(`postmortem-kb failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
