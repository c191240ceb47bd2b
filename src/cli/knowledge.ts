import { resolve } from 'node:path';
import { openActionItems, type OpenActionItem } from '../kb/action-items.js';
import { buildKnowledgeBase, type KnowledgeBase } from '../kb/index.js';
import { describePattern, findPatterns, patternOf, type Pattern } from '../kb/patterns.js';
import { findRelated } from '../kb/related.js';
import type { ParsedFile } from '../parse/document.js';
import { formatPatterns, formatRelated, type PatternReport, type RelatedReport } from '../report/knowledge.js';
import { UsageError } from '../workspace/discover.js';
import type { WorkspaceReader } from '../workspace/reader.js';
import { EXIT, type CliIo } from './io.js';
import { openWorkspace } from './workspace.js';

interface Options {
  config?: string | undefined;
  format?: string | undefined;
  limit?: string | undefined;
}

function formatOf(options: Options): 'text' | 'json' {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`Unknown format "${format}" (use text or json)`);
  return format;
}

async function load(io: CliIo, options: Options): Promise<{ reader: WorkspaceReader; knowledgeBase: KnowledgeBase }> {
  const reader = openWorkspace(io, options.config);
  return { reader, knowledgeBase: await reader.index() };
}

/** The earlier incidents' action items that are still open: a recurrence of known issues. */
function withOpenItems(pattern: Pattern, readIncidents: (ids: readonly string[]) => ParsedFile[]): PatternReport {
  const earlier = pattern.incidents.slice(0, -1);
  const items: OpenActionItem[] = readIncidents(earlier).flatMap((file) => (file.postmortem ? openActionItems(file.postmortem) : []));
  return { ...pattern, text: describePattern(pattern), openActionItems: items };
}

/** `postmortem related <id-or-file>`: the incidents most like this one, and the pattern it belongs to. */
export async function relatedCommand(io: CliIo, args: string[], options: Options): Promise<number> {
  const format = formatOf(options);
  const limit = options.limit === undefined ? 10 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit must be a whole number, not "${options.limit}"`);
  if (args.length !== 1) throw new UsageError('Usage: postmortem related <incident id or file> [--limit N] [--format text|json]');
  const loaded = await load(io, options);
  const { reader } = loaded;
  let { knowledgeBase } = loaded;
  let id = args[0]!;
  const path = resolve(io.cwd, id);
  if (reader.fs.existsSync(path) && reader.fs.statSync(path).isFile()) {
    // The index has read it already when it is one of the configured postmortems.
    const entry = reader.entry(path);
    if (!entry?.meta.id) throw new UsageError(`${reader.shown(path)} has no incident id`);
    id = entry.meta.id;
    if (!knowledgeBase.incidentById.has(id)) {
      // A postmortem outside the configured globs (a new draft) is compared with the knowledge base as if it were in it.
      knowledgeBase = buildKnowledgeBase([...knowledgeBase.entries, entry], reader.config.knowledgeBase);
    }
  }
  const subject = knowledgeBase.incidentById.get(id);
  if (!subject) throw new UsageError(`No incident "${id}" in the knowledge base (${knowledgeBase.incidents.length} incidents indexed)`);
  const pattern = patternOf(knowledgeBase, id);
  const report: RelatedReport = {
    id,
    title: subject.meta.title,
    date: subject.meta.date,
    related: findRelated(knowledgeBase, id, limit).results.map((result) => ({
      id: result.incident.id,
      title: result.incident.meta.title ?? '',
      date: result.incident.meta.date ?? '',
      score: Math.round(result.score * 1000) / 1000,
      sharedTags: result.sharedTags,
      sharedServices: result.sharedServices,
      linked: result.linked,
    })),
    pattern: pattern ? withOpenItems(pattern, reader.incidents(knowledgeBase)) : null,
  };
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatRelated(report));
  return EXIT.clean;
}

/** `postmortem patterns`: every recurring pattern in the knowledge base, largest first. */
export async function patternsCommand(io: CliIo, options: Options): Promise<number> {
  const format = formatOf(options);
  const { reader, knowledgeBase } = await load(io, options);
  const read = reader.incidents(knowledgeBase);
  const patterns = findPatterns(knowledgeBase).map((pattern) => withOpenItems(pattern, read));
  const dates = new Map(knowledgeBase.incidents.map((incident) => [incident.id, incident.meta.date ?? '']));
  io.stdout(format === 'json' ? `${JSON.stringify(patterns, null, 2)}\n` : formatPatterns(patterns, dates));
  return EXIT.clean;
}
