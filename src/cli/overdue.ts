import { byStanding, overdueBeforeAdoption, standing } from '../escalate/ladder.js';
import { dayNumber } from '../model/dates.js';
import { terminalText } from '../report/inert.js';
import { syncDocuments } from '../sync/documents.js';
import { UsageError } from '../workspace/discover.js';
import { EXIT, type CliIo } from './io.js';
import { openWorkspace } from './workspace.js';

/**
 * `postmortem overdue`: the offline view of the escalation, from the
 * documents alone: items not marked done whose due date has passed, or comes
 * within the due-soon window, with their level on the ladder.
 */
export async function overdueCommand(io: CliIo, options: { config?: string | undefined; format?: string | undefined; 'as-of'?: string | undefined }): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`Unknown format "${format}" (use text or json)`);
  const asOf = options['as-of'] ?? new Date().toISOString().slice(0, 10);
  if (dayNumber(asOf) === undefined) throw new UsageError(`--as-of must be a date as YYYY-MM-DD, not "${asOf}"`);
  const reader = openWorkspace(io, options.config);
  const { config } = reader;
  const parsed = reader.parseAll(await reader.discover());
  const items = syncDocuments(parsed)
    .filter((document) => config.sync.statuses.includes(document.status))
    .flatMap((document) => document.items)
    .filter((item) => !item.closedInDocument)
    .flatMap((item) => {
      const where = standing(item.due, item.priority, asOf, config.escalation);
      return where ? [{ item, standing: where }] : [];
    });
  // The escalation's own classification, so this view and the report issue never disagree.
  const { overdue: late, dueSoon } = byStanding(items, (a, b) => a.item.incident.localeCompare(b.item.incident) || a.item.item.localeCompare(b.item.item));
  const rows = [...late, ...dueSoon].map(({ item, standing: where }) => ({
    incident: item.incident, item: item.item, description: item.description, owner: item.owner, severity: item.severity, priority: item.priority, due: item.due,
    daysOverdue: where.overdueDays, level: where.level, dueSoon: where.level === 0,
    // As the escalation sees it: already overdue when it was adopted, listed in the report, never escalated.
    beforeAdoption: where.level > 0 && overdueBeforeAdoption(item.due, config.escalation.since),
  }));
  if (format === 'json') io.stdout(`${JSON.stringify({ asOf, items: rows }, null, 2)}\n`);
  else {
    const overdue = rows.filter((row) => !row.dueSoon);
    const soon = rows.filter((row) => row.dueSoon);
    const lines = [`As of ${asOf}: ${overdue.length} overdue, ${soon.length} due soon.`];
    // Fields come from documents: each item stays on its line, never a workflow command.
    const t = terminalText;
    for (const row of overdue) lines.push(`  ${t(row.incident)} ${t(row.item)} (${t(row.owner) || 'no owner'}, ${t(row.severity)}, ${t(row.priority)}): ${row.daysOverdue} day${row.daysOverdue === 1 ? "" : "s"} overdue, ${row.beforeAdoption ? 'overdue before adoption (not escalated)' : `level ${row.level}`} — ${t(row.description)}`);
    for (const row of soon) lines.push(`  ${t(row.incident)} ${t(row.item)} (${t(row.owner) || 'no owner'}): due ${t(row.due)} — ${t(row.description)}`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return EXIT.clean;
}
