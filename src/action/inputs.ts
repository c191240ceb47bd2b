import * as core from '@actions/core';
import { dayNumber } from '../model/dates.js';

export const MODES = ['auto', 'lint', 'sync', 'escalate', 'draft'] as const;
export const FAIL_ON = ['error', 'warning', 'never'] as const;

export interface ActionInputs {
  mode: (typeof MODES)[number];
  /** Globs replacing the configured ones; empty keeps the config's. */
  path: string[];
  config: string | undefined;
  token: string;
  failOn: (typeof FAIL_ON)[number];
  comment: boolean;
  /** With `comment`: post certain fixes on the lines a pull request changed as one review of suggested changes. */
  suggestions: boolean;
  sarifFile: string | undefined;
  dryRun: boolean;
  maxOperations: number;
  /** Milliseconds between two writes to GitHub; undefined keeps octokit's spacing. */
  writeInterval: number | undefined;
  /** Milliseconds. */
  requestTimeout: number;
  /** YYYY-MM-DD: what "today" means. */
  asOf: string;
  /** A lint cache file (relative to the workspace) for full lints; undefined: none. */
  cache: string | undefined;
  /** The login the token writes as (`my-app[bot]`); undefined: asked of GitHub. */
  botLogin: string | undefined;
  /** escalate: a file (relative to the workspace) the report is also written to as JSON; undefined: none. */
  reportJson: string | undefined;
}

/** A mistake in the workflow's `with:`: the run fails with the input's name and what it accepts. */
export class InputError extends Error {}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = core.getInput(name).trim() || fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`Input "${name}" is "${value}"; use one of ${allowed.join(', ')}`);
  return value as T;
}

function flag(name: string, fallback: boolean): boolean {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InputError(`Input "${name}" is "${value}"; use true or false`);
}

export function readInputs(today: Date): ActionInputs {
  const maxOperations = Number(core.getInput('max-operations').trim() || '200');
  if (!Number.isInteger(maxOperations) || maxOperations < 1) throw new InputError(`Input "max-operations" is "${core.getInput('max-operations')}"; use a whole number of at least 1`);
  const timeoutInput = core.getInput('request-timeout').trim() || '60';
  const requestTimeout = Number(timeoutInput) * 1000;
  if (!Number.isFinite(requestTimeout) || requestTimeout <= 0) throw new InputError(`Input "request-timeout" is "${timeoutInput}"; use a number of seconds above 0`);
  const intervalInput = core.getInput('write-interval').trim();
  const writeInterval = intervalInput === '' ? undefined : Number(intervalInput);
  if (writeInterval !== undefined && (!Number.isInteger(writeInterval) || writeInterval < 0)) {
    throw new InputError(`Input "write-interval" is "${intervalInput}"; use a whole number of milliseconds`);
  }
  const asOf = core.getInput('as-of').trim() || today.toISOString().slice(0, 10);
  if (dayNumber(asOf) === undefined) throw new InputError(`Input "as-of" is "${asOf}"; use a date as YYYY-MM-DD`);
  const botLogin = core.getInput('bot-login').trim() || undefined;
  // A user's login, or an app's bot (`my-app[bot]`): what GitHub shows as the author of what the token writes.
  if (botLogin !== undefined && !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(botLogin)) {
    throw new InputError(`Input "bot-login" is "${botLogin}"; use the login the token writes as, such as my-app[bot] for a GitHub App`);
  }
  return {
    mode: oneOf('mode', MODES, 'auto'),
    path: core.getMultilineInput('path').flatMap((line) => line.split(',')).map((glob) => glob.trim()).filter(Boolean),
    config: core.getInput('config').trim() || undefined,
    token: core.getInput('token'),
    failOn: oneOf('fail-on', FAIL_ON, 'error'),
    comment: flag('comment', true),
    suggestions: flag('suggestions', true),
    sarifFile: core.getInput('sarif-file').trim() || undefined,
    dryRun: flag('dry-run', false),
    maxOperations,
    writeInterval,
    requestTimeout,
    asOf,
    cache: core.getInput('cache').trim() || undefined,
    botLogin,
    reportJson: core.getInput('report-json').trim() || undefined,
  };
}
