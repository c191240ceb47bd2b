import { basename, dirname, join, relative } from 'node:path';
import { byRecency, countBy, incidentRow, median, percentile, type IncidentRow } from '../kb/insights.js';
import { findPatterns } from '../kb/patterns.js';
import { dayNumber } from '../model/dates.js';
import { formatFullList, formatIndexPage, LATEST } from '../report/index-page.js';
import { openActionItems } from '../kb/action-items.js';
import { fullListPath, UsageError } from '../workspace/discover.js';
import { terminalText } from '../report/inert.js';
import { readText } from '../workspace/fs.js';
import { EXIT, type CliIo } from './io.js';
import { openWorkspace } from './workspace.js';
import type { WorkspaceReader } from '../workspace/reader.js';

interface Options {
  config?: string | undefined;
  format?: string | undefined;
  since?: string | undefined;
  check?: boolean | undefined;
  'as-of'?: string | undefined;
}

async function rowsOf(io: CliIo, options: Options) {
  const reader = openWorkspace(io, options.config);
  const paths = await reader.discover();
  const parsed = reader.parseAll(paths);
  const rows = parsed.flatMap((file) => (file.postmortem ? [incidentRow(file.postmortem)] : [])).filter((row): row is IncidentRow => row !== undefined);
  const openItems = parsed.flatMap((file) => (file.postmortem ? openActionItems(file.postmortem) : [])).map((item) => ({ incident: item.incident, owner: item.owner, due: item.due }));
  return { reader, paths, rows: rows.sort(byRecency), openItems };
}

/** `postmortem index [--check]`: writes the knowledge base's front page, or checks that it is current. */
/**
 * The pages `postmortem index` writes, as [absolute path, text]: the front page, and the full list beside it when
 * the front page cannot hold every incident. `init` writes the same bytes.
 */
export async function indexPages(io: CliIo, reader: WorkspaceReader, asOf: string | undefined): Promise<{ pages: (readonly [string, string])[]; incidents: number }> {
  const { config } = reader;
  const paths = await reader.discover();
  const parsed = reader.parseAll(paths);
  const rows = parsed
    .flatMap((file) => (file.postmortem ? [incidentRow(file.postmortem)] : []))
    .filter((row): row is IncidentRow => row !== undefined)
    .sort(byRecency);
  const openItems = parsed.flatMap((file) => (file.postmortem ? openActionItems(file.postmortem) : [])).map((item) => ({ incident: item.incident, owner: item.owner, due: item.due }));
  const target = join(config.root, config.indexPath);
  const listTarget = join(config.root, fullListPath(config.indexPath));
  const knowledgeBase = await reader.index(paths);
  const linkOf = (row: IncidentRow) => relative(dirname(target), join(io.cwd, row.path)).split('\\').join('/');
  // The full list only when the front page cannot hold every incident.
  const full = rows.length > LATEST ? formatFullList(rows, linkOf, basename(target)) : undefined;
  const page = formatIndexPage(rows, findPatterns(knowledgeBase), linkOf, { openItems, siteUrl: config.site.url, fullList: full === undefined ? undefined : basename(listTarget), today: asOf });
  return { pages: [[target, page] as const, ...(full === undefined ? [] : [[listTarget, full] as const])], incidents: rows.length };
}

/** `postmortem index [--check]`: writes the knowledge base's front page (and full list), or checks that they are current. */
export async function indexCommand(io: CliIo, options: Options): Promise<number> {
  if (options['as-of'] !== undefined && dayNumber(options['as-of']) === undefined) throw new UsageError(`--as-of must be a date as YYYY-MM-DD, not "${options['as-of']}"`);
  const reader = openWorkspace(io, options.config);
  const { fs } = reader;
  const { pages, incidents } = await indexPages(io, reader, options['as-of']);
  const shown = (path: string) => relative(io.cwd, path).split('\\').join('/');
  const target = pages[0]![0];
  if (options.check) {
    const stale = pages.filter(([path, text]) => (fs.existsSync(path) ? readText(fs, path) : undefined) !== text);
    if (stale.length === 0) {
      io.stdout(`${shown(target)} is up to date\n`);
      return EXIT.clean;
    }
    for (const [path] of stale) io.stderr(`${shown(path)} is stale: run "postmortem index" and commit it\n`);
    return EXIT.findings;
  }
  fs.mkdirSync(dirname(target), { recursive: true });
  for (const [path, text] of pages) fs.writeFileSync(path, text);
  io.stdout(`${shown(target)}: ${incidents} incident${incidents === 1 ? '' : 's'}${pages.length > 1 ? `, all of them in ${shown(pages[1]![0])}` : ''}\n`);
  return EXIT.clean;
}

const MEASURES = ['detect', 'acknowledge', 'mitigate', 'resolve'] as const;

/** `postmortem metrics`: per incident and in aggregate, for machines (json, csv) and people (text). */
export async function metricsCommand(io: CliIo, options: Options): Promise<number> {
  const format = options.format ?? 'text';
  if (!['text', 'json', 'csv'].includes(format)) throw new UsageError(`Unknown format "${format}" (use text, json or csv)`);
  if (options.since !== undefined && dayNumber(options.since) === undefined) throw new UsageError(`--since must be a date as YYYY-MM-DD, not "${options.since}"`);
  const { rows: all } = await rowsOf(io, options);
  const rows = all.filter((row) => options.since === undefined || row.date >= options.since);
  const aggregate = Object.fromEntries(
    MEASURES.map((measure) => {
      const values = rows.flatMap((row) => (row.durations[measure] === undefined ? [] : [row.durations[measure]!])).sort((a, b) => a - b);
      return [measure, { count: values.length, median: median(values) ?? null, p90: percentile(values, 90) ?? null }];
    }),
  );
  const items = rows.reduce((sum, row) => ({ total: sum.total + row.items.total, done: sum.done + row.items.done, wontDo: sum.wontDo + row.items.wontDo, open: sum.open + row.items.open }), { total: 0, done: 0, wontDo: 0, open: 0 });
  const counts = {
    severity: Object.fromEntries(countBy(rows, (row) => (row.severity ? [row.severity] : []))),
    tag: Object.fromEntries(countBy(rows, (row) => row.tags)),
    service: Object.fromEntries(countBy(rows, (row) => row.services)),
  };
  if (format === 'json') {
    const incidents = rows.map((row) => ({ id: row.id, date: row.date, severity: row.severity, minutes: Object.fromEntries(MEASURES.map((measure) => [measure, row.durations[measure] ?? null])), actionItems: row.items }));
    io.stdout(`${JSON.stringify({ since: options.since ?? null, incidents, aggregate, counts, actionItems: items }, null, 2)}\n`);
  } else if (format === 'csv') {
    const cell = (value: string | number | undefined) => (value === undefined ? '' : /[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));
    const lines = ['id,date,severity,time_to_detect,time_to_acknowledge,time_to_mitigate,time_to_resolve,items_total,items_done,items_open'];
    for (const row of rows) lines.push([row.id, row.date, row.severity, ...MEASURES.map((measure) => row.durations[measure]), row.items.total, row.items.done, row.items.open].map(cell).join(','));
    io.stdout(`${lines.join('\n')}\n`);
  } else {
    const lines = [`${rows.length} incidents${options.since ? ` since ${options.since}` : ''}. Minutes from impact start:`];
    for (const measure of MEASURES) {
      const stat = aggregate[measure] as { count: number; median: number | null; p90: number | null };
      lines.push(`  time to ${measure.padEnd(11)} median ${stat.median ?? '–'}, p90 ${stat.p90 ?? '–'} (${stat.count} incident${stat.count === 1 ? "" : "s"})`);
    }
    lines.push(`Action items: ${items.total} (${items.done} done, ${items.wontDo} won't do, ${items.open} open)`);
    // Severities are written in documents: each stays on this line.
    lines.push(`By severity: ${Object.entries(counts.severity).map(([key, count]) => `${terminalText(key)} ${count}`).join(', ')}`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return EXIT.clean;
}
