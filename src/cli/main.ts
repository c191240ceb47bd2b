import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigError } from '../config/types.js';
import { UsageError } from '../workspace/discover.js';
import { patternsCommand, relatedCommand } from './knowledge.js';
import { lintCommand } from './lint.js';
import { indexCommand, metricsCommand } from './insights.js';
import { newCommand } from './new.js';
import { overdueCommand } from './overdue.js';
import { planCommand } from './plan.js';
import { reviewCommand } from './review.js';
import { rulesCommand } from './rules.js';
import { terminalText } from '../report/inert.js';
import { EXIT, type CliIo } from './io.js';

export { EXIT, type CliIo } from './io.js';

const HELP = `Usage: postmortem <command> [options]

Commands:
  lint [paths or globs...]   Lint postmortems (default: the configured globs)
  related <id-or-file>       Incidents most like this one, and the recurring pattern it is part of
  review <paths...>          The review the action comments on a pull request, as Markdown (offline)
  patterns                   Every recurring pattern in the knowledge base, largest first
  plan                       The GitHub issues a sync would open for action items (offline)
  overdue [--as-of DATE]     Action items past due or due soon, from the documents (offline)
  new --title T --severity S Write a draft postmortem from the template [--date D] [--tags a,b] [--id ID]
  index [--check]            Write the knowledge base's front page (postmortems/README.md), or check it is current
  metrics [--since DATE]     Time to detect, acknowledge, mitigate, resolve; counts (--format text|json|csv)
  rules                      List every rule with its default severity and docs

Options:
  --config <file>            Use this config file instead of the nearest .postmortemrc.yml
  --format <name>            lint: stylish (default), json or github; others: text (default) or json
  --cache                    lint: reuse results of unchanged files (kept in .postmortem-cache)
  --cache-location <file>    lint: the cache file to use (implies --cache)
  --concurrency <n>          lint: at most n worker threads (default: one per core; 1 = none)
  --limit <n>                related: how many incidents to list (default 10)
  -h, --help                 Show this help
  -v, --version              Show the version

Exit codes: 0 no errors, 1 errors found, 2 usage, config or internal failure.
`;

export const VERSION = packageJson.version;

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
        tags: { type: 'string' },
        id: { type: 'string' },
        since: { type: 'string' },
        check: { type: 'boolean' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.version) {
      io.stdout(`${VERSION}\n`);
      return EXIT.clean;
    }
    if (values.help || command === undefined || command === 'help') {
      (command === undefined && !values.help ? io.stderr : io.stdout)(HELP);
      return command === undefined && !values.help ? EXIT.failure : EXIT.clean;
    }
    switch (command) {
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
