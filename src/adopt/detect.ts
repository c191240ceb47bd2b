import picomatch from 'picomatch';
import { DEFAULT_FORMAT, type FormatSettings } from '../config/format.js';
import { CANONICAL_KEYS } from '../config/meta-keys.js';
import { DEFAULT_IGNORES, PRESETS, resolveConfig } from '../config/resolve.js';
import type { ConfigFile, ResolvedConfig } from '../config/types.js';
import { SECTION_KEYS, type ActionItemField, type ActionItemTable, type Heading, type Postmortem, type Section, type SectionKey } from '../model/postmortem.js';
import type { TimelineEntry } from '../model/timeline.js';
import { extractActionItems } from '../parse/action-items.js';
import { extractFactors, extractWhys } from '../parse/extract.js';
import { metaFromFileName } from '../parse/meta.js';
import { findHeadings, findSections, sectionAt, sectionMatcher } from '../parse/sections.js';
import { mapColumns, normalizeLabel } from '../parse/tables.js';
import { aliasOf, baseName, fileNamePattern, hintOf, ITEM_COLUMN_HINTS, SECTION_HINTS, tally, TIMELINE_COLUMN_HINTS, type HeadingCount, type TimelineColumn } from './names.js';

export type { HeadingCount } from './names.js';
import { extractTimeline } from '../parse/timeline.js';

/**
 * The shape of a knowledge base that already exists, and the configuration
 * that reads it: which preset its documents are closest to, the names its
 * headings and table columns give the method's sections and fields, whether
 * they carry frontmatter, where their ids come from, and the rules that ask
 * for something its template never had. Pure: the documents come parsed (with
 * the built-in names); their Markdown trees are read again for each candidate
 * set of names, never their bytes.
 */

/** One existing document: its path relative to the folder the configuration will be written in (POSIX separators). */
export interface ExistingDocument {
  path: string;
  postmortem: Postmortem;
}


export interface SectionUse {
  key: SectionKey;
  documents: number;
  /** The headings that name it, most frequent first. */
  headings: HeadingCount[];
}

export interface Shape {
  /** Documents read, templates left out. */
  documents: number;
  /** Files that look like a template (their name says so): ignored, not read. */
  templates: string[];
  frontmatter: { present: number; foreignKeys: string[] };
  severity: { declared: number };
  /** The method's sections the documents have, read with the proposed names. */
  sections: SectionUse[];
  /** H2 headings that name no section even with the proposed names, most frequent first. */
  unnamed: HeadingCount[];
  actionItems: { tables: number; lists: number; none: number };
  timelines: { tables: number; lists: number; none: number };
  /** Where ids come from: the frontmatter, the file name (with the pattern), or nowhere. */
  ids: { frontmatter: number; fileName: number; pattern: string | undefined };
}

/** Why each key of the proposal is there: a comment line written above it. */
export type Reasons = Partial<Record<string, string>>;

export interface Proposal {
  /** The preset the documents fit best. */
  preset: string;
  /** Every preset's fit, best first: the share of what it asks that the documents have, 0 to 1. */
  fit: { preset: string; score: number }[];
  /** The configuration to write (`extends` first). */
  config: ConfigFile;
  /** One comment per key of `config` (and per rule, as `rules.<id>`). */
  reasons: Reasons;
  shape: Shape;
}

export interface ProposeOptions {
  /** The globs the documents were found with, relative to the configuration's folder: the `files` to write. */
  files: string[];
}

/** Names of files that are a template, not a postmortem. */
const TEMPLATE_NAME = /template/i;

/** The fit from which documents follow a preset's template: most of what it asks, they have. */
const FITS = 0.75;

/** A rule the documents cannot satisfy by their form is proposed off when fewer than this share of them do. */
const RARE = 0.2;

/** A document read with one set of names: its sections, action items, timeline, whys and factors. */
interface Reading {
  sections: Section[];
  headings: Heading[];
  actionItems: ActionItemTable | undefined;
  timeline: TimelineEntry[];
  whys: number;
  factorsWithCategory: number;
  factors: number;
}

/** The document's tree read again with these names (its Markdown is not parsed again). */
function readWith(doc: Postmortem, format: FormatSettings): Reading {
  const match = sectionMatcher(format.sections);
  const headings = findHeadings(doc.root, doc.lineCount, match);
  const sections = findSections(doc.root, headings, match);
  const tables = doc.tables.map(({ table }) => ({ section: sectionAt(sections, table.span.line), table }));
  const factors = extractFactors(doc.root, tables, sections, format.columns);
  return {
    sections,
    headings,
    actionItems: extractActionItems(doc.root, tables, sections, format.columns),
    timeline: extractTimeline(tables, sections, format.columns, doc.root, doc.source),
    whys: extractWhys(doc.root, tables, sections, format.columns, headings).length,
    factors: factors.length,
    factorsWithCategory: factors.filter((factor) => factor.category !== undefined && factor.category.text !== '').length,
  };
}

const keysOf = (reading: Reading) => new Set(reading.sections.flatMap((section) => [section.key, ...(section.also ?? [])]).filter((key): key is SectionKey => key !== undefined));

/** The configuration a preset alone resolves to. */
function presetConfig(name: string, extra: ConfigFile = {}): ResolvedConfig {
  const none = () => undefined;
  return resolveConfig(
    [
      { source: `preset:${name}`, data: PRESETS[name]!, locate: none },
      { source: 'proposal', data: extra, locate: none },
    ],
    '/',
  );
}

/** The sections a preset requires of a document: those of its severity, else `default`, else those of its last severity. */
function requiredSections(config: ResolvedConfig, severity: string | undefined): SectionKey[] {
  const bySeverity = (config.rules['required-sections']?.options.bySeverity ?? {}) as Record<string, SectionKey[]>;
  const known = severity !== undefined && config.format.severities.includes(severity) ? bySeverity[severity] : undefined;
  return known ?? bySeverity.default ?? bySeverity[config.format.severities.at(-1) ?? ''] ?? [];
}

const isOn = (config: ResolvedConfig, rule: string) => (config.rules[rule]?.level ?? 'off') !== 'off';
const hasFrontmatterId = (doc: Postmortem) => doc.frontmatter.present && typeof doc.frontmatter.data.id === 'string';

/** Whether a file name pattern gives this file its id, as the reader applies it. */
const matchesName = (fileNamePattern: string | undefined, path: string) => metaFromFileName(path, { fileNamePattern }).id !== undefined;

/** How well a preset reads the documents, 0 to 1: the sections it requires that they have, where their ids come from, the item fields it asks for that they give. */
function fitOf(name: string, documents: readonly ExistingDocument[]): number {
  if (documents.length === 0) return 0;
  const config = presetConfig(name);
  const own = new Set(Object.values(DEFAULT_FORMAT.sections).flat().map(normalizeLabel));
  const distinctive = Object.values(config.format.sections)
    .flat()
    .map(normalizeLabel)
    .filter((label) => !own.has(label));
  const itemRules = (['id', 'type', 'priority'] as const).filter((field) => isOn(config, `action-item-${field}`));
  let total = 0;
  for (const { path, postmortem } of documents) {
    const reading = readWith(postmortem, config.format);
    const present = keysOf(reading);
    const required = requiredSections(config, postmortem.meta.severity);
    const sections = required.length === 0 ? 1 : required.filter((key) => present.has(key)).length / required.length;
    const identity = hasFrontmatterId(postmortem) || matchesName(config.format.fileNamePattern, path) ? 1 : config.format.frontmatter === 'optional' ? 0.5 : 0;
    const items = reading.actionItems?.items ?? [];
    const fields = itemRules.length === 0 || items.length === 0 ? 1 : itemRules.filter((field) => items.some((item) => item.fields[field] !== undefined)).length / itemRules.length;
    // A heading only this preset names ("Stats") is its template's own mark.
    const marked = distinctive.length > 0 && reading.sections.some((section) => distinctive.includes(normalizeLabel(section.title))) ? 1 : 0;
    total += distinctive.length > 0 ? (sections + identity + fields + marked * 0.5) / 3.5 : (sections + identity + fields) / 3;
  }
  return total / documents.length;
}

/** Section aliases: H2 headings that name no section, whose words say which one, in documents that lack it. */
function sectionAliases(documents: readonly ExistingDocument[], format: FormatSettings): Partial<Record<SectionKey, HeadingCount[]>> {
  const minimum = Math.max(1, Math.round(documents.length * 0.05));
  const found = new Map<string, { key: SectionKey; text: string; documents: Set<number> }>();
  documents.forEach(({ postmortem }, index) => {
    const reading = readWith(postmortem, format);
    const present = keysOf(reading);
    for (const section of reading.sections) {
      if (section.key !== undefined || section.depth !== 2 || section.empty) continue;
      const key = hintOf(SECTION_HINTS, section.title);
      const alias = aliasOf(section.title);
      if (key === undefined || present.has(key) || alias === '') continue;
      const id = `${key}\u0000${normalizeLabel(alias)}`;
      const entry = found.get(id) ?? { key, text: alias, documents: new Set<number>() };
      entry.documents.add(index);
      found.set(id, entry);
    }
  });
  const aliases: Partial<Record<SectionKey, HeadingCount[]>> = {};
  for (const { key, text, documents: where } of found.values()) {
    if (where.size < minimum) continue;
    (aliases[key] ??= []).push({ text, documents: where.size });
  }
  for (const key of Object.keys(aliases) as SectionKey[]) aliases[key] = aliases[key]!.sort((a, b) => b.documents - a.documents || a.text.localeCompare(b.text)).slice(0, 5);
  return aliases;
}

/** Column aliases: headers of the tables of Action Items and Timeline that name no field, whose words say which one the table lacks. */
function columnAliases(documents: readonly ExistingDocument[], format: FormatSettings): { actionItems: Partial<Record<ActionItemField, string[]>>; timeline: Partial<Record<TimelineColumn, string[]>> } {
  const items = new Map<string, { field: ActionItemField; text: string; count: number }>();
  const timeline = new Map<string, { field: TimelineColumn; text: string; count: number }>();
  for (const { postmortem } of documents) {
    const reading = readWith(postmortem, format);
    const within = (key: SectionKey, line: number) => reading.sections.some((section) => (section.key === key || section.also?.includes(key)) && section.heading.line < line && line <= section.endLine);
    for (const { table } of postmortem.tables) {
      const line = table.span.line;
      const [aliases, hints, into] = within('action-items', line)
        ? ([format.columns.actionItems, ITEM_COLUMN_HINTS, items] as const)
        : within('timeline', line)
          ? ([format.columns.timeline, TIMELINE_COLUMN_HINTS, timeline] as const)
          : [undefined, undefined, undefined];
      if (!aliases) continue;
      const mapped = mapColumns(table.header, aliases as Record<string, string[]>);
      const taken = new Set(mapped.values());
      table.header.forEach((cell, index) => {
        if (taken.has(index) || cell.text.trim() === '') return;
        const field = hintOf(hints as readonly [string, RegExp][], cell.text);
        if (field === undefined || mapped.has(field)) return;
        const text = aliasOf(cell.text);
        const id = `${field}\u0000${normalizeLabel(text)}`;
        const entry = (into as Map<string, { field: string; text: string; count: number }>).get(id) ?? { field, text, count: 0 };
        entry.count++;
        (into as Map<string, { field: string; text: string; count: number }>).set(id, entry);
        mapped.set(field, index);
      });
    }
  }
  const collect = <F extends string>(found: Map<string, { field: F; text: string; count: number }>) => {
    const out: Partial<Record<F, string[]>> = {};
    for (const { field, text } of [...found.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))) (out[field] ??= []).push(text);
    return out;
  };
  return { actionItems: collect(items), timeline: collect(timeline) };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The configuration that reads these documents: the best-fitting preset, and what the documents need beyond it. */
export function proposeConfig(all: readonly ExistingDocument[], options: ProposeOptions): Proposal {
  const templates = all.filter((doc) => TEMPLATE_NAME.test(baseName(doc.path))).map((doc) => doc.path);
  const documents = all.filter((doc) => !templates.includes(doc.path));
  const n = documents.length;
  const fit = Object.keys(PRESETS)
    .map((preset) => ({ preset, score: Math.round(fitOf(preset, documents) * 100) / 100 }))
    .sort((a, b) => b.score - a.score);
  // A preset is its template's rules: taken only when the documents follow that template; else the method's, adjusted below.
  const best = fit[0];
  const preset = best && best.preset !== 'recommended' && best.score >= FITS ? best.preset : 'recommended';
  const base = presetConfig(preset);
  const config: ConfigFile = { extends: preset, files: [...options.files] };
  const scores = fit.map((entry) => `${entry.preset} ${Math.round(entry.score * 100)}%`).join(', ');
  const reasons: Reasons = {
    extends:
      preset === 'recommended' && best?.preset !== 'recommended'
        ? `No preset's template fits these ${plural(n, 'postmortem')} (${scores}): the method's rules, adjusted below to what they hold.`
        : `The preset whose template these ${plural(n, 'postmortem')} follow (${scores}).`,
    files: 'The existing postmortems, as found by --existing.',
  };

  // Ignored: the preset's and the defaults' (this folder's README.md and TEMPLATE.md), and the templates found.
  const ignores = [...new Set([...base.ignores, ...DEFAULT_IGNORES])];
  const ignored = picomatch(ignores, { dot: true });
  for (const template of templates) if (!ignored(template)) ignores.push(template);
  if (ignores.length !== base.ignores.length || ignores.some((glob, index) => glob !== base.ignores[index])) {
    config.ignores = ignores;
    reasons.ignores = templates.length > 0 ? `Not postmortems: READMEs, templates (${templates.join(', ')}).` : 'Not postmortems: READMEs and templates.';
  }

  // Frontmatter, and where ids come from when there is none.
  const withFrontmatter = documents.filter((doc) => doc.postmortem.frontmatter.present);
  const foreign = tally(withFrontmatter.map((doc) => Object.keys(doc.postmortem.frontmatter.data).filter((key) => !CANONICAL_KEYS.includes(key) && !key.startsWith('x-'))));
  if (base.format.frontmatter === 'required' && withFrontmatter.length < n / 2) {
    config.frontmatter = 'optional';
    reasons.frontmatter = `${withFrontmatter.length} of ${n} have frontmatter: the rest are read from their file name and body.`;
  }
  const foreignCount = withFrontmatter.filter((doc) => Object.keys(doc.postmortem.frontmatter.data).some((key) => !CANONICAL_KEYS.includes(key) && !key.startsWith('x-'))).length;
  if (withFrontmatter.length > 0 && base.format.extraKeys === 'report' && foreignCount >= withFrontmatter.length / 2) {
    const optional = config.frontmatter === 'optional' || base.format.frontmatter === 'optional';
    config.frontmatter = { required: !optional, extraKeys: 'allow' };
    reasons.frontmatter = `${foreignCount} of ${withFrontmatter.length} frontmatters hold keys of another tool (${foreign.slice(0, 5).map((entry) => entry.text).join(', ')}): they are let through.${optional && withFrontmatter.length < n / 2 ? ` ${withFrontmatter.length} of ${n} have frontmatter at all.` : ''}`;
  }
  const withoutId = documents.filter((doc) => !hasFrontmatterId(doc.postmortem));
  const byName = withoutId.filter((doc) => matchesName(base.format.fileNamePattern, doc.path)).length;
  let namePattern = base.format.fileNamePattern;
  if (withoutId.length >= n / 2 && byName < withoutId.length / 2) {
    const derived = fileNamePattern(withoutId.map((doc) => doc.path));
    if (derived) {
      config.fileNamePattern = derived.pattern;
      namePattern = derived.pattern;
      reasons.fileNamePattern = derived.idPattern
        ? `Ids and titles from the file name (${withoutId.length} of ${n} postmortems have no id in frontmatter).`
        : `Each file name is its incident's id (${withoutId.length} of ${n} postmortems have no id in frontmatter; their names open with a date).`;
      if (derived.idPattern) {
        config.idPattern = derived.idPattern;
        config.idExample = derived.idExample!;
        reasons.idPattern = `Ids as the file names write them, such as ${derived.idExample}.`;
      }
    }
  }
  const datedNames = documents.filter((doc) => doc.postmortem.meta.date !== undefined).length;
  if (!base.format.dateFromBody && withoutId.length >= n / 2 && datedNames < n / 2) {
    config.dateFromBody = true;
    reasons.dateFromBody = `${n - datedNames} of ${n} say no date in frontmatter, file name or a Date line: the first date of the text (the first timeline row) stands in.`;
  }
  const declared = documents.filter((doc) => doc.postmortem.meta.severity !== undefined).length;
  const bySeverity = (base.rules['required-sections']?.options.bySeverity ?? {}) as Record<string, unknown>;
  if (declared < n / 2 && bySeverity.default === undefined && base.format.defaults.severity === undefined) {
    const severity = base.format.severities[Math.min(2, base.format.severities.length - 1)]!;
    config.defaults = { severity };
    reasons.defaults = `${n - declared} of ${n} state no severity: they are checked as ${severity} (the sections it requires). Give each its own in frontmatter or a **Severity:** line.`;
  }

  // Section and column names.
  const sections = sectionAliases(documents, base.format);
  if (Object.keys(sections).length > 0) {
    config.sections = Object.fromEntries(SECTION_KEYS.flatMap((key) => (sections[key] ? [[key, sections[key]!.map((entry) => entry.text)]] : [])));
    reasons.sections = `Your headings for the method's sections (${SECTION_KEYS.flatMap((key) => (sections[key] ? sections[key]!.map((entry) => `"${entry.text}" in ${plural(entry.documents, 'postmortem')}`) : [])).join(', ')}).`;
  }
  const withSections = presetConfig(preset, { sections: config.sections ?? {} }).format;
  const columns = columnAliases(documents, withSections);
  if (Object.keys(columns.actionItems).length > 0 || Object.keys(columns.timeline).length > 0) {
    config.columns = {};
    if (Object.keys(columns.actionItems).length > 0) config.columns.actionItems = columns.actionItems;
    if (Object.keys(columns.timeline).length > 0) config.columns.timeline = columns.timeline;
    reasons.columns = 'Your table headers for the fields of action items and timelines.';
  }
  const format = presetConfig(preset, { sections: config.sections ?? {}, columns: config.columns ?? {} }).format;
  const readings = documents.map(({ postmortem }) => readWith(postmortem, format));

  // Rules that ask for what the documents' template never had.
  const rules: NonNullable<ConfigFile['rules']> = {};
  const withItems = readings.filter((reading) => (reading.actionItems?.items.length ?? 0) > 0);
  for (const field of ['id', 'type', 'priority'] as const) {
    const rule = `action-item-${field}`;
    if (!isOn(base, rule) || withItems.length === 0) continue;
    const giving = withItems.filter((reading) => reading.actionItems!.items.some((item) => item.fields[field] !== undefined)).length;
    if (giving < withItems.length * RARE) {
      rules[rule] = 'off';
      reasons[`rules.${rule}`] = `${giving} of ${withItems.length} postmortems with action items give them ${field === 'id' ? 'an id' : `a ${field}`}.`;
    }
  }
  if (isOn(base, 'five-whys')) {
    const chains = readings.filter((reading) => reading.whys >= 2).length;
    if (chains < n * RARE) {
      rules['five-whys'] = 'off';
      reasons['rules.five-whys'] = `${chains} of ${n} hold a 5-Whys chain.`;
    }
  }
  const withFactors = readings.filter((reading) => reading.factors > 0);
  if (isOn(base, 'contributing-factors') && withFactors.length > 0) {
    const categorised = withFactors.filter((reading) => reading.factorsWithCategory > 0).length;
    if (categorised < withFactors.length * RARE) {
      rules['contributing-factors'] = 'off';
      reasons['rules.contributing-factors'] = `${categorised} of ${withFactors.length} postmortems with contributing factors give them a category.`;
    }
  }
  if (isOn(base, 'decision-record')) {
    // Asked only of some postmortems (published SEV1 and SEV2 by default): off when few of those hold one.
    const options = base.rules['decision-record']!.options as { sections?: string[]; requiredFor?: { statuses: string[]; severities: string[] } };
    const names = new Set((options.sections ?? []).map(normalizeLabel));
    const asked = documents.flatMap(({ postmortem }, index) => {
      const severity = postmortem.meta.severity ?? (config.defaults?.severity as string | undefined);
      const status = postmortem.meta.status ?? base.format.defaults.status;
      return options.requiredFor?.statuses.includes(status ?? '') && options.requiredFor.severities.includes(severity ?? '') ? [readings[index]!] : [];
    });
    const records = asked.filter((reading) => reading.headings.some((heading) => names.has(normalizeLabel(heading.text)))).length;
    if (asked.length > 0 && records < asked.length * RARE) {
      rules['decision-record'] = 'off';
      reasons['rules.decision-record'] = `${records} of the ${plural(asked.length, 'postmortem')} that would need a Decision Record hold one.`;
    }
  }
  if (Object.keys(rules).length > 0) {
    config.rules = rules;
    reasons.rules = "Rules that ask for what these postmortems' template never had; turn one on when your new postmortems give it.";
  }

  const shape: Shape = {
    documents: n,
    templates,
    frontmatter: { present: withFrontmatter.length, foreignKeys: foreign.map((entry) => entry.text) },
    severity: { declared },
    sections: SECTION_KEYS.flatMap((key) => {
      const perDocument = readings.map((reading) => reading.sections.filter((section) => section.key === key || section.also?.includes(key)).map((section) => section.title));
      const count = perDocument.filter((titles) => titles.length > 0).length;
      return count === 0 ? [] : [{ key, documents: count, headings: tally(perDocument) }];
    }),
    unnamed: tally(readings.map((reading) => reading.sections.filter((section) => section.key === undefined && section.depth === 2).map((section) => section.title))),
    actionItems: {
      tables: withItems.filter((reading) => reading.actionItems!.items.some((item) => item.kind !== 'list')).length,
      lists: withItems.filter((reading) => reading.actionItems!.items.some((item) => item.kind === 'list')).length,
      none: n - withItems.length,
    },
    timelines: {
      tables: readings.filter((reading) => reading.timeline.length > 0 && (reading.timeline[0]!.form ?? 'table') === 'table').length,
      lists: readings.filter((reading) => reading.timeline.length > 0 && (reading.timeline[0]!.form ?? 'table') !== 'table').length,
      none: readings.filter((reading) => reading.timeline.length === 0).length,
    },
    ids: {
      frontmatter: n - withoutId.length,
      fileName: withoutId.filter((doc) => matchesName(namePattern, doc.path)).length,
      pattern: namePattern,
    },
  };
  return { preset, fit, config, reasons, shape };
}
