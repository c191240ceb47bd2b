import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
// The template this repository ships, inlined by the bundler (as for `postmortem new`).
import BUNDLED_TEMPLATE from '../../postmortems/TEMPLATE.md';
import { configKeysText, configText } from '../adopt/config-text.js';
import { proposeConfig, type ExistingDocument, type Proposal } from '../adopt/detect.js';
import { editorSettingsText } from '../adopt/editor.js';
import { workflowText } from '../adopt/workflow.js';
import { DEFAULT_FORMAT } from '../config/format.js';
import { PRESETS, resolveConfig } from '../config/resolve.js';
import type { ResolvedConfig } from '../config/types.js';
import { dayNumber } from '../model/dates.js';
import { countBySeverity, type FileResult } from '../model/finding.js';
import { indexPages } from './insights.js';
import { terminalText } from '../report/inert.js';
import { CONFIG_NAMES, loadConfig, repositoryRoot } from '../workspace/config-file.js';
import { UsageError } from '../workspace/discover.js';
import type { WorkspaceFs } from '../workspace/fs.js';
import { lintWorkspace } from '../workspace/lint.js';
import { createReader } from '../workspace/reader.js';
import { EXIT, type CliIo } from './io.js';
import { folderOf } from './new.js';
import { fsOf } from './workspace.js';

export interface InitOptions {
  /** Today, YYYY-MM-DD (default: today in UTC): written as `escalation.since`. */
  date?: string | undefined;
  /** Globs of the postmortems already there (relative to the working directory): their shape decides the configuration. */
  existing?: string | string[] | undefined;
}

const SCHEMA_URL = (configSchema as { $id: string }).$id;

const posix = (path: string) => path.split('\\').join('/');

/**
 * `postmortem init`: what a repository needs to keep postmortems with
 * postmortem-kb, written at the root of the repository around the working
 * directory (the folder holding `.git`, else the working directory), never
 * over a file that exists: the configuration, the template, the index page,
 * the workflow and the editor's settings. With `--existing`, the documents
 * already there decide the preset and the names in the configuration, and
 * their lint with it is summarised.
 */
export async function initCommand(io: CliIo, args: string[], options: InitOptions): Promise<number> {
  if (args.length > 0) throw new UsageError(`postmortem init takes no paths (got "${args[0]}"); name existing postmortems with --existing <glob>`);
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  if (dayNumber(date) === undefined) throw new UsageError(`--date must be a real date as YYYY-MM-DD, not "${date}"`);
  const fs = fsOf(io);
  const root = repositoryRoot(io.cwd, fs);
  const shown = (path: string) => terminalText(posix(relative(io.cwd, path)) || '.');
  const globs = options.existing === undefined ? [] : Array.isArray(options.existing) ? options.existing : [options.existing];
  // The config's globs may not leave the repository (it would not load): refused before anything is written.
  for (const glob of globs) {
    const inside = posix(relative(root, resolve(io.cwd, glob)));
    if (inside === '..' || inside.startsWith('../') || isAbsolute(inside)) throw new UsageError(`--existing ${glob} reaches outside the repository (${terminalText(root)}): name postmortems inside it`);
  }

  // Read before writing: a glob that matches nothing, or a config that does not load, leaves the repository as it was.
  const existingConfig = CONFIG_NAMES.map((name) => join(root, name)).find((path) => fs.existsSync(path));
  if (existingConfig) loadConfig(io.cwd, undefined, { fs });
  const adoption = globs.length > 0 ? await readExisting(io, fs, root, globs) : undefined;

  const lines: string[] = [];
  const written: string[] = [];
  const write = (path: string, text: () => string, why = 'it exists') => {
    if (!writeNew(fs, path, text)) {
      lines.push(`  skipped  ${shown(path)}: ${why}`);
      return false;
    }
    lines.push(`  wrote    ${shown(path)}`);
    written.push(path);
    return true;
  };

  if (existingConfig) lines.push(`  skipped  ${shown(join(root, '.postmortemrc.yml'))}: ${existingConfig.endsWith('.yml') ? 'it exists' : `${shown(existingConfig)} exists`}`);
  else write(join(root, '.postmortemrc.yml'), () => configText({ date, proposal: adoption?.proposal }));
  const config = loadConfig(io.cwd, undefined, { fs });
  write(join(config.root, templateFolder(config), 'TEMPLATE.md'), () => BUNDLED_TEMPLATE.replace(/^# yaml-language-server: .*\n/m, '').replace(/\r\n?/g, '\n'));
  const indexPath = join(config.root, config.indexPath);
  if (fs.existsSync(indexPath)) lines.push(`  skipped  ${shown(indexPath)}: it exists (postmortem index rewrites it)`);
  else for (const [path, text] of await indexPage(io, config)) write(path, () => text);
  const configFile = posix(relative(root, config.sources[0] ?? join(root, '.postmortemrc.yml')));
  write(join(root, '.github/workflows/postmortems.yml'), () => workflowText({ paths: [...config.files.map((glob) => posix(relative(root, join(config.root, glob)))), configFile] }));
  write(join(root, '.vscode/settings.json'), () => editorSettingsText(SCHEMA_URL), `it exists; to have .postmortemrc.yml checked as you type, add "yaml.schemas": {"${SCHEMA_URL}": [".postmortemrc.yml"]}`);

  io.stdout(`postmortem init (${date}) in ${terminalText(root)}:\n${lines.join('\n')}\n`);
  let errors = 0;
  if (adoption) {
    io.stdout(`\n${describeAdoption(adoption)}`);
    const proposed = existingConfig ? inMemory(adoption.proposal, root) : undefined;
    if (existingConfig) io.stdout(`\n${shown(existingConfig)} was kept. The configuration proposed for these postmortems, to merge into it:\n${indent(configKeysText(adoption.proposal.config))}`);
    else io.stdout(`\nWritten to .postmortemrc.yml, with a comment on each key:\n${indent(configKeysText(adoption.proposal.config))}`);
    const summary = await lintSummary(io, proposed);
    io.stdout(`\n${summary.text}`);
    errors = summary.errors;
  }
  io.stdout(`\n${nextSteps(written.map(shown), config, errors)}`);
  return EXIT.clean;
}

/** Writes a file that does not exist, its folder made when missing; false (and nothing written) when it exists. */
function writeNew(fs: WorkspaceFs, path: string, text: () => string): boolean {
  if (fs.existsSync(path)) return false;
  fs.mkdirSync(dirname(path), { recursive: true });
  try {
    // `wx`: never over a file, decided by the file system itself (a dangling link, a file made since the check).
    fs.writeFileSync(path, text(), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  return true;
}

/** Where `postmortem new` looks for the template: the folder of the first glob, `postmortems` when that is the root. */
/** Where `postmortem new` looks for the repository's template, so the template written here is the one it uses. */
function templateFolder(config: ResolvedConfig): string {
  return folderOf(config.files[0] ?? 'postmortems/**/*.md');
}

/** The knowledge base's front page and full list, as `postmortem index` writes them. */
async function indexPage(io: CliIo, config: ResolvedConfig): Promise<(readonly [string, string])[]> {
  return (await indexPages(io, createReader({ config, cwd: io.cwd, fs: fsOf(io) }), undefined)).pages;
}

interface Adoption {
  globs: string[];
  proposal: Proposal;
  unreadable: number;
}

/** The documents the globs match, parsed with the built-in names (frontmatter optional), and the configuration they call for. */
async function readExisting(io: CliIo, fs: WorkspaceFs, root: string, globs: string[]): Promise<Adoption> {
  const base = resolveConfig([], root);
  base.format.frontmatter = 'optional';
  const reader = createReader({ config: base, cwd: io.cwd, fs });
  const paths = await reader.discover(globs);
  const parsed = reader.parseAll(paths);
  const documents: ExistingDocument[] = parsed.flatMap((file, index) => (file.postmortem ? [{ path: posix(relative(root, paths[index]!)), postmortem: file.postmortem }] : []));
  const files = globs.map((glob) => posix(isAbsolute(glob) ? relative(root, glob) : relative(root, resolve(io.cwd, glob)) || glob));
  return { globs, proposal: proposeConfig(documents, { files }), unreadable: parsed.length - documents.length };
}

/** The proposal resolved without a file, for a repository that keeps its own config. */
function inMemory(proposal: Proposal, root: string): ResolvedConfig {
  const none = () => undefined;
  const { extends: preset, ...rest } = proposal.config;
  return resolveConfig(
    [
      { source: `preset:${String(preset)}`, data: PRESETS[String(preset)] ?? {}, locate: none },
      { source: join(root, '.postmortemrc.yml'), name: 'the proposed configuration', data: rest, locate: none },
    ],
    root,
  );
}

/** Lines of text indented, each made terminal-safe (they quote globs and headings of the documents). */
const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => `  ${terminalText(line)}`)
    .join('\n')
    .concat('\n');

/** What the existing documents look like, in a few lines: the evidence for the proposal. */
function describeAdoption({ globs, proposal, unreadable }: Adoption): string {
  const { shape, fit, preset } = proposal;
  const n = shape.documents;
  const t = (text: string) => terminalText(text);
  const out = [`Existing postmortems (${globs.map(t).join(', ')}): ${n} read${shape.templates.length > 0 ? `, ${shape.templates.length} template${shape.templates.length === 1 ? '' : 's'} left out (${shape.templates.map(t).join(', ')})` : ''}${unreadable > 0 ? `, ${unreadable} unreadable` : ''}.`];
  const row = (label: string, text: string) => out.push(`  ${label.padEnd(13)} ${text}`);
  row('frontmatter', shape.frontmatter.present === 0 ? `none (${n} without)` : `${shape.frontmatter.present} of ${n}${shape.frontmatter.foreignKeys.length > 0 ? `; other keys: ${shape.frontmatter.foreignKeys.slice(0, 6).map(t).join(', ')}` : ''}`);
  const ids = [shape.ids.frontmatter > 0 ? `frontmatter ${shape.ids.frontmatter}` : '', shape.ids.fileName > 0 ? `file name ${shape.ids.fileName}` : ''].filter(Boolean).join(', ');
  const missing = n - shape.ids.frontmatter - shape.ids.fileName;
  row('ids', `${ids || 'none'}${missing > 0 ? `; none in ${missing}` : ''}${shape.ids.fileName > 0 && shape.ids.pattern ? ` (${t(shape.ids.pattern)})` : ''}`);
  row('severity', `${shape.severity.declared} of ${n} state one`);
  for (const use of shape.sections) {
    const headings = use.headings.slice(0, 3).map((heading) => `"${t(heading.text)}" ${heading.documents}`);
    row(use.key === shape.sections[0]!.key ? 'sections' : '', `${DEFAULT_FORMAT.sections[use.key][0]} in ${use.documents}: ${headings.join(', ')}${use.headings.length > 3 ? ', …' : ''}`);
  }
  if (shape.sections.length === 0) row('sections', 'none of the method');
  if (shape.unnamed.length > 0) row('other H2', shape.unnamed.slice(0, 6).map((heading) => `"${t(heading.text)}" ${heading.documents}`).join(', ') + (shape.unnamed.length > 6 ? ', …' : ''));
  const forms = (counts: { tables: number; lists: number; none: number }) => [counts.tables > 0 ? `tables in ${counts.tables}` : '', counts.lists > 0 ? `lists in ${counts.lists}` : '', counts.none > 0 ? `none in ${counts.none}` : ''].filter(Boolean).join(', ');
  row('action items', forms(shape.actionItems));
  row('timelines', forms(shape.timelines));
  const scores = fit.map((entry) => `${entry.preset} ${Math.round(entry.score * 100)}%`).join(', ');
  out.push(preset === 'recommended' && fit[0]?.preset !== 'recommended' ? `Preset: recommended, adjusted; no preset's template fits these postmortems (${scores}).` : `Preset: ${preset} (fit: ${scores}).`);
  return `${out.join('\n')}\n`;
}

/** The lint of the configured postmortems: counts by rule, then the total as `postmortem lint` prints it. */
async function lintSummary(io: CliIo, config: ResolvedConfig | undefined): Promise<{ text: string; errors: number }> {
  const { results } = await lintWorkspace({ cwd: io.cwd, patterns: [], config, fs: io.fs });
  return { text: formatLintSummary(results), errors: countBySeverity(results.flatMap((result) => result.findings)).errors };
}

export function formatLintSummary(results: readonly FileResult[]): string {
  const byRule = new Map<string, { errors: number; warnings: number }>();
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    for (const finding of result.findings) {
      const counts = byRule.get(finding.ruleId) ?? { errors: 0, warnings: 0 };
      if (finding.severity === 'error') counts.errors++;
      else counts.warnings++;
      byRule.set(finding.ruleId, counts);
    }
    const counts = countBySeverity(result.findings);
    errors += counts.errors;
    warnings += counts.warnings;
  }
  const files = `${results.length} postmortem${results.length === 1 ? '' : 's'}`;
  const lines = [`Lint of the ${files} with this configuration (postmortem lint shows each finding at its line):`];
  const rows = [...byRule].sort((a, b) => b[1].errors + b[1].warnings - (a[1].errors + a[1].warnings) || a[0].localeCompare(b[0]));
  const width = Math.max(0, ...rows.map(([, counts]) => String(counts.errors + counts.warnings).length));
  for (const [rule, counts] of rows) lines.push(`  ${String(counts.errors + counts.warnings).padStart(width)}  ${terminalText(rule)}${counts.errors > 0 && counts.warnings > 0 ? ` (${counts.errors} errors)` : counts.warnings > 0 ? ' (warnings)' : ''}`);
  const total = errors + warnings;
  lines.push(total === 0 ? `✔ ${files} checked: no problems` : `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${files}`);
  return `${lines.join('\n')}\n`;
}

function nextSteps(written: string[], config: ResolvedConfig, errors: number): string {
  const idHint = config.format.idPattern === DEFAULT_FORMAT.idPattern ? '' : ` --id <a new id, in the form of ${terminalText(config.format.idExample)}>`;
  const severity = terminalText(config.format.severities[Math.min(2, config.format.severities.length - 1)] ?? 'SEV3');
  return [
    'Next steps:',
    written.length > 0 ? `  1. Commit what was written: git add ${written.map((path) => (/^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`)).join(' ')} && git commit -m "Keep postmortems with postmortem-kb"` : '  1. Commit: nothing was written, everything was there already.',
    // Without a baseline, every pull request that touches an old postmortem fails on its old findings.
    ...(errors > 0 ? [`     The existing postmortems have ${errors} error${errors === 1 ? '' : 's'}: to fail only on new ones, record them first with postmortem lint --baseline-write and commit .postmortem-baseline.json too.`] : []),
    `  2. Open a pull request with a postmortem: postmortem new --title "What happened" --severity ${severity}${idHint}, fill it in and push it; the workflow reviews it on the pull request.`,
    '  3. Merge it: the workflow opens one GitHub issue per action item, and escalates the overdue ones on weekday mornings.',
    '',
  ].join('\n');
}
