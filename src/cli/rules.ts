import { RULES } from '../rules/index.js';
import { UsageError } from '../workspace/discover.js';
import { EXIT, type CliIo } from './io.js';

/** `postmortem rules`: every rule, its default severity and where its docs are. */
export function rulesCommand(io: CliIo, options: { format?: string | undefined }): number {
  const rows = RULES.map((rule) => ({
    id: rule.meta.id,
    severity: rule.meta.defaultSeverity,
    description: rule.meta.description,
    docs: `docs/rules/${rule.meta.id}.md`,
  }));
  if (options.format === 'json') io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  else if (options.format === undefined || options.format === 'text') {
    const width = Math.max(...rows.map((row) => row.id.length));
    io.stdout(rows.map((row) => `${row.id.padEnd(width)}  ${row.severity.padEnd(7)}  ${row.description}  (${row.docs})`).join('\n') + '\n');
  } else throw new UsageError(`Unknown format "${options.format}" (use text or json)`);
  return EXIT.clean;
}
