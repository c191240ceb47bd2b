import type { Frontmatter } from '../model/postmortem.js';
import { parseYaml, type ParsedYaml, type YamlProblem } from './yaml.js';

export interface SplitFrontmatter {
  frontmatter: Frontmatter;
  /** Offset in the text where the Markdown body starts. */
  bodyOffset: number;
  problems: YamlProblem[];
}

const YAML_LANGUAGES = new Set(['', 'yaml', 'yml']);
const OPENING = /^---([^\n-][^\n]*)?$/;
const CLOSING = /^---[ \t]*$/;

const NO_FRONTMATTER: Frontmatter = {
  present: false,
  readable: false,
  data: {},
  startLine: 0,
  endLine: 0,
  locate: () => undefined,
};

/**
 * Splits the frontmatter block from the body. `text` has LF line endings and
 * no BOM. Never throws: every defect becomes a problem at a line.
 */
export function splitFrontmatter(text: string): SplitFrontmatter {
  const firstBreak = text.indexOf('\n');
  const firstLine = firstBreak === -1 ? text : text.slice(0, firstBreak);
  if (!OPENING.test(firstLine)) return { frontmatter: NO_FRONTMATTER, bodyOffset: 0, problems: [] };

  const language = firstLine.slice(3).trim().toLowerCase();
  const closing = findClosingLine(text, firstBreak);
  if (!closing) {
    return {
      frontmatter: { ...NO_FRONTMATTER, present: true, startLine: 1, endLine: 1 },
      bodyOffset: 0,
      problems: [{ message: 'Frontmatter is not closed: add a line "---" after the YAML block', line: 1, column: 1 }],
    };
  }
  const bodyOffset = closing.end;
  const block = { present: true, startLine: 1, endLine: closing.line };
  if (!YAML_LANGUAGES.has(language)) {
    return {
      frontmatter: { ...NO_FRONTMATTER, ...block },
      bodyOffset,
      problems: [{ message: `Frontmatter language "${language}" is refused: only YAML frontmatter is read, and it is never executed`, line: 1, column: 1 }],
    };
  }

  // The block between the delimiter lines, from the line break that ends the opening one: line 1 of the source is
  // the file's line 1. Only the `yaml` package reads it (never an engine that evaluates code).
  const source = text.slice(firstBreak, closing.start);
  // A block of blank and comment lines has no data to read.
  if (onlyComments(source)) return { frontmatter: { ...NO_FRONTMATTER, ...block, readable: true }, bodyOffset, problems: [] };
  const parsed: ParsedYaml = parseYaml(source, 1);

  const problems = [...parsed.problems];
  let data: Record<string, unknown> = {};
  if (isPlainObject(parsed.data)) data = parsed.data;
  else if (parsed.data != null && problems.length === 0) {
    problems.push({ message: 'Frontmatter must be a YAML mapping of keys to values', line: 2, column: 1 });
  }
  const readable = parsed.data !== undefined && (parsed.data === null || isPlainObject(parsed.data));
  return { frontmatter: { ...block, readable, data, locate: parsed.locate }, bodyOffset, problems };
}

/** Whether every line of a YAML block is blank or a comment. */
function onlyComments(source: string): boolean {
  for (const line of source.split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return false;
  }
  return true;
}

function findClosingLine(text: string, firstBreak: number): { line: number; start: number; end: number } | undefined {
  if (firstBreak === -1) return undefined;
  let start = firstBreak + 1;
  let line = 2;
  while (start <= text.length) {
    const next = text.indexOf('\n', start);
    const end = next === -1 ? text.length : next;
    if (CLOSING.test(text.slice(start, end))) return { line, start: start - 1, end: next === -1 ? end : end + 1 };
    if (next === -1) return undefined;
    start = next + 1;
    line += 1;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
