import type { Root } from 'mdast';

/**
 * The typed model of one postmortem. Every element keeps the place it came
 * from: lines and columns are 1-based and count the whole file, frontmatter
 * included, so a finding can point at the exact row a human must change.
 */

export interface SourceSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A table cell's text together with where it stands. */
export interface Cell {
  text: string;
  span: SourceSpan;
}

/** The canonical sections of the method. Unknown headings keep `key: undefined`. */
export const SECTION_KEYS = [
  'summary',
  'impact',
  'timeline',
  'root-cause-analysis',
  'contributing-factors',
  'what-went-well',
  'what-went-poorly',
  'where-we-got-lucky',
  'action-items',
  'lessons-learned',
  'metrics',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export interface Section {
  /** Heading text as written. */
  title: string;
  /** The canonical section this heading names, when it names one. */
  key: SectionKey | undefined;
  /** Further sections a compound heading names after "and" or "&": "Impact & Metrics" is also the Metrics. */
  also?: SectionKey[];
  depth: number;
  heading: SourceSpan;
  /** Last line of the section's content (before the next heading of the same or higher level). */
  endLine: number;
  /** True when the section has no content besides its heading. */
  empty: boolean;
}

/** A GFM table, with header cells named by the column they were matched to. */
export interface Table {
  span: SourceSpan;
  header: Cell[];
  rows: TableRow[];
}

export interface TableRow {
  span: SourceSpan;
  cells: Cell[];
}

export type ActionItemField = 'id' | 'type' | 'description' | 'owner' | 'priority' | 'due' | 'status';

export interface ActionItem {
  /** The row (or list item) as written; fields the table lacks are absent from `fields`. */
  row: SourceSpan;
  fields: Partial<Record<ActionItemField, Cell>>;
  /** Finished or decided against (its status closes it): the rules ask nothing more of it. */
  done?: boolean;
  /** Whether it is a table row or a list item, when the items come from several tables and lists. */
  kind?: 'table' | 'list';
  /** The fields its own table has columns for (every field for a list item); else the `columns` of the whole. */
  columns?: ReadonlySet<ActionItemField>;
  /** Its 1-based place among the rows of its table, or among the section's list items, for messages that name it by place. */
  ordinal?: number;
}

/** The action items of every table and list of the Action Items section, in document order. */
export interface ActionItemTable {
  /** A table with columns, or a plain list whose items are descriptions only (the first source's kind). */
  kind: 'table' | 'list';
  span: SourceSpan;
  /** The fields some table has a column for, every field when a list is among them (each item's own `columns` say which apply to it). */
  columns: ReadonlySet<ActionItemField>;
  items: ActionItem[];
}

/** Frontmatter values as the YAML gave them; each checked only for its basic type. */
export interface TimelineRow {
  row: SourceSpan;
  time: Cell | undefined;
  event: Cell | undefined;
  significance: Cell | undefined;
}

/** One step of a 5-Whys chain: the question and the answer it was given. */
export interface WhyStep {
  span: SourceSpan;
  question: string;
  answer: string;
}

export interface ContributingFactor {
  /** A table row, or a list item whose category is marked in its text. */
  kind: 'table' | 'list';
  span: SourceSpan;
  factor: Cell;
  category: Cell | undefined;
  preventable: Cell | undefined;
}

export interface MetricRow {
  span: SourceSpan;
  name: Cell;
  value: Cell;
}

/** Where a value of the metadata came from (see parse/meta.ts for the order they are tried in). */
export type MetaSource = 'frontmatter' | 'file name' | 'body' | 'text' | 'default';

export interface PostmortemMeta {
  id?: string;
  title?: string;
  date?: string;
  severity?: string;
  status?: string;
  authors?: string[];
  tags?: string[];
  services?: string[];
  related?: string[];
  confidence?: number;
  started_at?: string;
  detected_at?: string;
  mitigated_at?: string;
  resolved_at?: string;
  /** The incident's own record (an issue's URL): `postmortem draft` writes it, and finds drafted incidents by it. */
  incident?: string;
}

export interface Frontmatter {
  /** Whether the file opens with a frontmatter block at all. */
  present: boolean;
  /** Whether its YAML could be read (syntax errors are reported while parsing). */
  readable: boolean;
  /** The YAML data (an empty object when absent or unreadable). */
  data: Record<string, unknown>;
  /** Line of the opening `---` (1 when present). */
  startLine: number;
  /** Line of the closing `---`. */
  endLine: number;
  /**
   * Where a value stands in the YAML, by its path (`severity`, `tags.1`).
   * Undefined when the path is not in the document.
   */
  locate(path: readonly (string | number)[]): SourceSpan | undefined;
}

/** Any heading, with the last line of the content it heads. */
export interface Heading {
  depth: number;
  text: string;
  span: SourceSpan;
  endLine: number;
  /**
   * A bold label standing in for a heading ("**Root Causes:**" on its own
   * line, or opening a paragraph as in the SRE book): only labels that name a
   * section of the method become headings.
   */
  label?: true;
}

export interface Postmortem {
  /** Path relative to the working directory, POSIX separators. */
  path: string;
  /** The file's text, LF line endings, no BOM: `source.split('\n')[line - 1]` is a line. */
  source: string;
  /** The Markdown tree (mdast) of the body, positions in whole-file lines. Rules walk it; nobody parses again. */
  root: Root;
  frontmatter: Frontmatter;
  meta: PostmortemMeta;
  /** Where each value of `meta` came from (frontmatter, file name, body, text, default), as the head of the file was read. */
  metaSources: Partial<Record<keyof PostmortemMeta, MetaSource>>;
  /** The H1 heading, when there is one. */
  title: { text: string; span: SourceSpan } | undefined;
  lineCount: number;
  sections: Section[];
  /** Every heading of the body, in order (sections are the ones that name parts of the method). */
  headings: Heading[];
  /** The items of every table and list of the Action Items section (and its subheadings), when it has one. */
  actionItems: ActionItemTable | undefined;
  /** The Timeline's rows: its first table with a time column, else its list items and lines that open with a time (see parse/timeline.ts). */
  timeline: TimelineRow[];
  /** The 5-Whys chain of the Root Cause Analysis, as a numbered list or a table. */
  whys: WhyStep[];
  contributingFactors: ContributingFactor[];
  metrics: MetricRow[];
  /** Every table in the document with the section it sits in, for rules that read other tables. */
  tables: { section: Section | undefined; table: Table }[];
}
