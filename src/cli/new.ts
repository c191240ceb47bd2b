import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { normalizeTags } from '../kb/tags.js';
import { dayNumber } from '../model/dates.js';
import { UsageError } from '../workspace/discover.js';
import { readText } from '../workspace/fs.js';
import type { WorkspaceReader } from '../workspace/reader.js';
import { EXIT, type CliIo } from './io.js';
import { openWorkspace } from './workspace.js';
// The template this repository ships, inlined by the bundler: `new` works where a repository has none of its own.
import BUNDLED_TEMPLATE from '../../postmortems/TEMPLATE.md';

interface NewOptions {
  config?: string | undefined;
  title?: string | undefined;
  severity?: string | undefined;
  date?: string | undefined;
  tags?: string | undefined;
  id?: string | undefined;
}

export function slugOf(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      // A trailing run starts after a non-dash: retried from each dash of a run, `-+$` is quadratic.
      .replace(/^-+|(?<!-)-+$/g, '')
      .slice(0, 60)
      .replace(/(?<!-)-+$/, '') || 'incident'
  );
}

/** The folder of the postmortems: the fixed part of the first configured glob ("postmortems/**\/*.md" → "postmortems"). */
/** The folder `new` writes drafts to and reads the repository's TEMPLATE.md from: the fixed part of the first glob. */
export function folderOf(glob: string): string {
  const parts = glob.split('/');
  const fixed = parts.slice(0, parts.findIndex((part) => /[*?[{]/.test(part)));
  return fixed.join('/') || '.';
}

/**
 * `postmortem new`: a draft from the template, its frontmatter filled (the
 * next free id of the day, title, date, severity, tags, status draft), at
 * `<folder>/<date>-<slug>.md`. The repository's `<folder>/TEMPLATE.md` when
 * there is one, else the template bundled with the tool. Never overwrites.
 */
export async function newCommand(io: CliIo, options: NewOptions): Promise<number> {
  const reader = openWorkspace(io, options.config);
  const { config, fs } = reader;
  const title = options.title?.trim();
  if (!title) throw new UsageError('postmortem new needs --title "What happened"');
  const severity = options.severity?.trim() ?? '';
  if (!config.format.severities.includes(severity)) throw new UsageError(`--severity must be one of ${config.format.severities.join(', ')}`);
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  if (dayNumber(date) === undefined) throw new UsageError(`--date must be a real date as YYYY-MM-DD, not "${date}"`);
  const tags = normalizeTags((options.tags ?? '').split(','), {});

  const folder = join(config.root, folderOf(config.files[0] ?? 'postmortems/**/*.md'));
  const templatePath = join(folder, 'TEMPLATE.md');
  const own = fs.existsSync(templatePath);
  const templateName = own ? relative(io.cwd, templatePath) : 'the bundled template';
  const id = options.id ?? (await nextId(reader, date));
  if (!new RegExp(config.format.idPattern, 'u').test(id)) throw new UsageError(`The id "${id}" does not match the configured idPattern; give one with --id`);

  // The bundled template's schema comment points at ../schemas/, which a repository of postmortems has not.
  const template = (own ? readText(fs, templatePath) : BUNDLED_TEMPLATE.replace(/^# yaml-language-server: .*\n/m, '')).replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(template);
  if (!match) throw new UsageError(`${templateName} has no YAML frontmatter to fill`);
  const frontmatter = parseDocument(match[1]!);
  frontmatter.set('id', id);
  frontmatter.set('title', title);
  frontmatter.set('date', date);
  frontmatter.set('severity', severity);
  frontmatter.set('status', 'draft');
  if (tags.length > 0) frontmatter.set('tags', tags);
  const body = template.slice(match[0].length).replace(/^# (.*)<Title>(.*)$/m, (_, before: string, after: string) => `# ${before}${title}${after}`);
  const path = join(folder, `${date}-${slugOf(title)}.md`);
  try {
    fs.mkdirSync(folder, { recursive: true });
    // `wx`: never over an existing file, decided by the file system itself (no window between a check and the write).
    fs.writeFileSync(path, `---\n${frontmatter.toString().trimEnd()}\n---\n${body}`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${relative(io.cwd, path)} already exists: nothing was written`);
    throw error;
  }
  if (!own) io.stderr(`No ${relative(io.cwd, templatePath).split('\\').join('/')}: the draft follows the template bundled with postmortem-kb.\n`);
  io.stdout(`${relative(io.cwd, path).split('\\').join('/')}\n`);
  return EXIT.clean;
}

/** INC-YYYYMMDD-NNNN, one more than the highest id of that day in the knowledge base. */
async function nextId(reader: WorkspaceReader, date: string): Promise<string> {
  const prefix = `INC-${date.replace(/-/g, '')}-`;
  const knowledgeBase = await reader.index();
  const taken = knowledgeBase.incidents.map((incident) => incident.id).filter((id) => id.startsWith(prefix)).map((id) => Number(id.slice(prefix.length)) || 0);
  return `${prefix}${String(Math.max(0, ...taken) + 1).padStart(4, '0')}`;
}

