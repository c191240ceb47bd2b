import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { normalizeTags } from '../kb/tags.js';
import { dayNumber } from '../model/dates.js';
import { UsageError } from '../workspace/discover.js';
import { readTemplate, writeNewFile } from '../workspace/template.js';
import { nextFreeId, slugOf } from '../draft/names.js';
import { EXIT, type CliIo } from './io.js';

export { folderOf, slugOf } from '../draft/names.js';
import { openWorkspace } from './workspace.js';

interface NewOptions {
  config?: string | undefined;
  title?: string | undefined;
  severity?: string | undefined;
  date?: string | undefined;
  tags?: string | undefined;
  id?: string | undefined;
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

  const template = readTemplate(fs, config);
  const { folder } = template;
  const templatePath = join(folder, 'TEMPLATE.md');
  const own = template.path !== undefined;
  const templateName = own ? relative(io.cwd, templatePath) : 'the bundled template';
  const id = options.id ?? nextFreeId(await reader.index(), date);
  if (!new RegExp(config.format.idPattern, 'u').test(id)) throw new UsageError(`The id "${id}" does not match the configured idPattern; give one with --id`);

  const match = /^---\n([\s\S]*?)\n---\n/.exec(template.text);
  if (!match) throw new UsageError(`${templateName} has no YAML frontmatter to fill`);
  const frontmatter = parseDocument(match[1]!);
  frontmatter.set('id', id);
  frontmatter.set('title', title);
  frontmatter.set('date', date);
  frontmatter.set('severity', severity);
  frontmatter.set('status', 'draft');
  if (tags.length > 0) frontmatter.set('tags', tags);
  const body = template.text.slice(match[0].length).replace(/^# (.*)<Title>(.*)$/m, (_, before: string, after: string) => `# ${before}${title}${after}`);
  const path = join(folder, `${date}-${slugOf(title)}.md`);
  if (!writeNewFile(fs, folder, path, `---\n${frontmatter.toString().trimEnd()}\n---\n${body}`)) throw new UsageError(`${relative(io.cwd, path)} already exists: nothing was written`);
  if (!own) io.stderr(`No ${relative(io.cwd, templatePath).split('\\').join('/')}: the draft follows the template bundled with postmortem-kb.\n`);
  io.stdout(`${relative(io.cwd, path).split('\\').join('/')}\n`);
  return EXIT.clean;
}
