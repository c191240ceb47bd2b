import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigError } from '../config/types.js';
import { UsageError } from '../workspace/discover.js';
import { patternsCommand, relatedCommand } from './knowledge.js';
import { initCommand } from './init.js';
import { lintCommand } from './lint.js';
import { indexCommand, metricsCommand } from './insights.js';
import { newCommand } from './new.js';
import { draftCommand } from './draft.js';
import { siteCommand } from './site.js';
import { overdueCommand } from './overdue.js';
import { planCommand } from './plan.js';
import { reviewCommand } from './review.js';
import { rulesCommand } from './rules.js';
import { terminalText } from '../report/inert.js';
import { BaselineError } from '../workspace/baseline.js';
import { OutputError } from '../workspace/output.js';
import { GENERAL_HELP, helpOf } from './help.js';
import { EXIT, type CliIo } from './io.js';

export { EXIT, type CliIo } from './io.js';

export const VERSION = packageJson.version;

const LINT_ONLY = ['baseline', 'baseline-write', 'output', 'quiet', 'max-warnings'] as const;

/** The whole CLI as a function of its inputs; returns the exit code. */
export async function main(io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...io.argv],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string' },
        format: { type: 'string' },
        limit: { type: 'string' },
        'as-of': { type: 'string' },
        title: { type: 'string' },
        severity: { type: 'string' },
        date: { type: 'string' },
        existing: { type: 'string', multiple: true },
        tags: { type: 'string' },
        id: { type: 'string' },
        'from-issue-json': { type: 'string' },
        'from-issue': { type: 'string' },
        repo: { type: 'string' },
        out: { type: 'string' },
        'base-url': { type: 'string' },
        since: { type: 'string' },
        check: { type: 'boolean' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        'cache-strategy': { type: 'string' },
        concurrency: { type: 'string' },
        baseline: { type: 'string' },
        'baseline-write': { type: 'boolean' },
        output: { type: 'string' },
        quiet: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.version) {
      io.stdout(`${VERSION}\n`);
      return EXIT.clean;
    }
    if (values.help || command === 'help') {
      // `postmortem lint --help` and `postmortem help lint`: the command's own usage and options.
      const topic = command === 'help' ? (rest[0] ?? (values.help ? 'help' : undefined)) : command;
      const text = topic === undefined ? GENERAL_HELP : helpOf(topic);
      if (text === undefined) throw new UsageError(`Unknown command "${topic}"`);
      io.stdout(text);
      return EXIT.clean;
    }
    if (command === undefined) {
      io.stderr(GENERAL_HELP);
      return EXIT.failure;
    }
    // Options of lint alone: silently ignored elsewhere, they would leave a user believing a file was written.
    // review applies the lint baseline too, and may name it.
    const lintOnly = LINT_ONLY.find((name) => values[name] !== undefined && !(command === 'review' && name === 'baseline'));
    if (command !== 'lint' && lintOnly !== undefined && helpOf(command) !== undefined) throw new UsageError(`--${lintOnly} is an option of lint only`);
    switch (command) {
      case 'init':
        return await initCommand(io, rest, values);
      case 'lint':
        return await lintCommand(io, rest, values);
      case 'rules':
        return rulesCommand(io, values);
      case 'review':
        return await reviewCommand(io, rest, values);
      case 'related':
        return await relatedCommand(io, rest, values);
      case 'patterns':
        return await patternsCommand(io, values);
      case 'plan':
        return await planCommand(io, values);
      case 'overdue':
        return await overdueCommand(io, values);
      case 'new':
        return await newCommand(io, values);
      case 'draft':
        return await draftCommand(io, values);
      case 'site':
        return await siteCommand(io, values);
      case 'index':
        return await indexCommand(io, values);
      case 'metrics':
        return await metricsCommand(io, values);
      default:
        throw new UsageError(`Unknown command "${command}"`);
    }
  } catch (error) {
    return failure(io, error);
  }
}

function failure(io: CliIo, error: unknown): number {
  if (error instanceof ConfigError) {
    const where = error.file ? `${error.file}${error.line ? `:${error.line}` : ''}: ` : '';
    // Config values (a preset name, a pattern) are quoted in the message: one line, never a workflow command.
    io.stderr(`postmortem: configuration error: ${terminalText(`${where}${error.message}`)}\n`);
  } else if (error instanceof BaselineError || error instanceof OutputError) {
    // The message names the file: one line, never a workflow command.
    io.stderr(`postmortem: ${terminalText(error.message)}\n`);
  } else if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    // Usage errors may quote file names: one line, never a workflow command.
    io.stderr(`postmortem: ${terminalText((error as Error).message)}\nRun "postmortem --help" for usage.\n`);
  } else {
    // Never a stack trace for users; a bug report can ask for POSTMORTEM_DEBUG.
    // The message may quote a config value; the stack keeps its lines, each made inert.
    const detail = process.env.POSTMORTEM_DEBUG ? `\n${((error as Error)?.stack ?? '').split('\n').map(terminalText).join('\n')}` : '';
    io.stderr(`postmortem: internal error: ${terminalText(String((error as Error)?.message ?? error))}${detail}\n`);
  }
  return EXIT.failure;
}
