import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { ConfigError } from '../config/types.js';
import { createGitHub } from '../github/client.js';
import type { GitHubPort } from '../github/port.js';
import { countBySeverity, type FileResult } from '../model/finding.js';
import { escapeData, formatGithub } from '../report/github.js';
import { formatSummary } from '../report/summary.js';
import { loadConfig } from '../workspace/config-file.js';
import { lintWorkspace } from '../workspace/lint.js';
import { changedFiles, postmortemsAmong } from './changed-files.js';

const FAIL_ON = ['error', 'warning', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

interface PullRequest {
  number: number;
  base: string;
  head: string;
}

/** The pull request of a pull_request event, from the payload the runner wrote. */
function pullRequestOf(eventName: string, eventPath: string | undefined): PullRequest | undefined {
  if (!eventPath || (eventName !== 'pull_request' && eventName !== 'pull_request_target')) return undefined;
  const payload = JSON.parse(readFileSync(eventPath, 'utf8')) as { pull_request?: { number?: number; base?: { sha?: string }; head?: { sha?: string } } };
  const pull = payload.pull_request;
  if (!pull?.number || !pull.base?.sha || !pull.head?.sha) return undefined;
  return { number: pull.number, base: pull.base.sha, head: pull.head.sha };
}

/**
 * The action: on a pull request, lints the postmortems it adds or changes;
 * otherwise the whole knowledge base. Annotates findings, writes the job
 * summary and the outputs, and fails according to `fail-on`.
 */
export async function run(): Promise<void> {
  try {
    const failOn = core.getInput('fail-on') || 'error';
    if (!(FAIL_ON as readonly string[]).includes(failOn)) {
      core.setFailed(`Input "fail-on" is "${failOn}"; use one of ${FAIL_ON.join(', ')}`);
      return;
    }
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const config = loadConfig(workspace, core.getInput('config') || undefined);
    const globs = core.getMultilineInput('path').flatMap((line) => line.split(',')).map((glob) => glob.trim()).filter(Boolean);
    if (globs.length > 0) {
      config.files = globs;
      config.root = workspace;
    }
    const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    let github: GitHubPort | undefined;
    const connect = () => (github ??= createGitHub(core.getInput('token'), { owner, repo }, { warning: (message) => core.warning(escapeData(message)) }));

    const pull = pullRequestOf(process.env.GITHUB_EVENT_NAME ?? '', process.env.GITHUB_EVENT_PATH);
    let scope = 'The knowledge base';
    let patterns: string[] = [];
    if (pull) {
      const changed = await changedFiles(workspace, pull, connect);
      patterns = postmortemsAmong(changed.files, config, workspace);
      scope = `Postmortems changed by pull request #${pull.number}`;
      core.info(`${changed.files.length} files changed (from ${changed.source === 'git' ? 'the git history' : 'the pull request files API'}); ${patterns.length} are postmortems`);
      if (patterns.length === 0) {
        core.notice('This pull request changes no postmortem: nothing to lint.');
        await finish([], failOn as FailOn, `Pull request #${pull.number} changes no postmortem`);
        return;
      }
    }
    const { results } = await lintWorkspace({ cwd: workspace, patterns, config });
    await finish(results, failOn as FailOn, scope);
  } catch (error) {
    if (error instanceof ConfigError) {
      core.setFailed(`Configuration error: ${error.file ?? ''}${error.line ? `:${error.line}` : ''} ${error.message}`);
    } else {
      core.setFailed(`postmortem-kb failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function finish(results: FileResult[], failOn: FailOn, scope: string): Promise<void> {
  process.stdout.write(formatGithub(results));
  const { errors, warnings } = countBySeverity(results.flatMap((result) => result.findings));
  core.setOutput('errors', errors);
  core.setOutput('warnings', warnings);
  core.setOutput('files', JSON.stringify(results.map((result) => result.filePath)));
  const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  const blobBase = process.env.GITHUB_REPOSITORY && process.env.GITHUB_SHA ? `${server}/${process.env.GITHUB_REPOSITORY}/blob/${process.env.GITHUB_SHA}/` : undefined;
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(formatSummary(results, { blobBase, scope })).write();
  core.info(`${results.length} postmortems linted: ${errors} errors, ${warnings} warnings`);
  if ((failOn === 'error' && errors > 0) || (failOn === 'warning' && errors + warnings > 0)) {
    core.setFailed(`Postmortem lint found ${errors} errors and ${warnings} warnings`);
  }
}
