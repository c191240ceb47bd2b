import * as core from '@actions/core';
import { ConfigError } from '../config/types.js';
import { countBySeverity } from '../model/finding.js';
import { formatGithub } from '../report/github.js';
import { lintWorkspace } from '../workspace/lint.js';

const FAIL_ON = ['error', 'warning', 'never'] as const;

/**
 * The action: lints the knowledge base in the workspace and annotates the
 * findings. (Pull-request scoping, the sticky comment, sync and escalation
 * come with their own modes.)
 */
export async function run(): Promise<void> {
  try {
    const failOn = core.getInput('fail-on') || 'error';
    if (!(FAIL_ON as readonly string[]).includes(failOn)) {
      core.setFailed(`Input "fail-on" is "${failOn}"; use one of ${FAIL_ON.join(', ')}`);
      return;
    }
    const globs = core.getMultilineInput('path').flatMap((line) => line.split(',')).map((glob) => glob.trim()).filter(Boolean);
    const { results } = await lintWorkspace({
      cwd: process.env.GITHUB_WORKSPACE || process.cwd(),
      patterns: [],
      configPath: core.getInput('config') || undefined,
      files: globs.length > 0 ? globs : undefined,
    });
    process.stdout.write(formatGithub(results));
    const { errors, warnings } = countBySeverity(results.flatMap((result) => result.findings));
    core.setOutput('errors', errors);
    core.setOutput('warnings', warnings);
    core.setOutput('files', JSON.stringify(results.map((result) => result.filePath)));
    core.info(`${results.length} postmortems linted: ${errors} errors, ${warnings} warnings`);
    if ((failOn === 'error' && errors > 0) || (failOn === 'warning' && errors + warnings > 0)) {
      core.setFailed(`Postmortem lint found ${errors} errors and ${warnings} warnings`);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      core.setFailed(`Configuration error: ${error.file ?? ''}${error.line ? `:${error.line}` : ''} ${error.message}`);
    } else {
      core.setFailed(`postmortem-kb failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
