import matter from 'gray-matter';
import type { Frontmatter } from '../model/postmortem.js';
import { parseYaml, type ParsedYaml, type YamlProblem } from './yaml.js';

export interface SplitFrontmatter {
  frontmatter: Frontmatter;
  /** Offset in the text where the Markdown body starts. */
  bodyOffset: number;
  problems: YamlProblem[];
}

class RefusedLanguageError extends Error {}

/**
 * gray-matter evaluates `---js` / `---javascript` frontmatter with `eval` by
 * default: anyone who can open a pull request could run code on the runner.
 * Every engine but YAML is replaced by one that refuses.
 */
const refuse = {
  parse(): never {
    throw new RefusedLanguageError('refused');
  },
};
const ENGINES = { js: refuse, javascript: refuse, coffee: refuse, coffeescript: refuse, cson: refuse, json: refuse, toml: refuse };
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

  let parsed: ParsedYaml | undefined;
  const yamlEngine = {
    parse(source: string): object {
      parsed = parseYaml(source, 1);
      return {};
    },
  };
  try {
    matter(text.slice(0, closing.start + 4), { engines: { ...ENGINES, yaml: yamlEngine } });
  } catch (error) {
    const refused = error instanceof RefusedLanguageError;
    return {
      frontmatter: { ...NO_FRONTMATTER, ...block },
      bodyOffset,
      problems: [{ message: refused ? 'Frontmatter language refused' : `Frontmatter could not be read: ${String(error)}`, line: 1, column: 1 }],
    };
  }
  // An empty block (only comments or blanks) never reaches the engine.
  if (!parsed) return { frontmatter: { ...NO_FRONTMATTER, ...block, readable: true }, bodyOffset, problems: [] };

  const problems = [...parsed.problems];
  let data: Record<string, unknown> = {};
  if (isPlainObject(parsed.data)) data = parsed.data;
  else if (parsed.data != null && problems.length === 0) {
    problems.push({ message: 'Frontmatter must be a YAML mapping of keys to values', line: 2, column: 1 });
  }
  const readable = parsed.data !== undefined && (parsed.data === null || isPlainObject(parsed.data));
  return { frontmatter: { ...block, readable, data, locate: parsed.locate }, bodyOffset, problems };
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
