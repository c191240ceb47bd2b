import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { FormatSettings } from '../config/format.js';
import type { Postmortem, PostmortemMeta, Table } from '../model/postmortem.js';
import { documentMeta, type DocumentMeta } from './meta.js';
import { remarkGfmSubset } from './gfm-subset.js';
import { readPlainBlocks } from './fast-blocks.js';
import { guardMarkdown, restoreGuarded } from './guard.js';
import { hideTables, restoreTables } from './fast-tables.js';
import { extractActionItems } from './action-items.js';
import { extractFactors, extractMetrics, extractWhys } from './extract.js';
import { extractTimeline } from './timeline.js';
import { splitFrontmatter, type SplitFrontmatter } from './frontmatter.js';
import { findHeadings, findSections, sectionAt, sectionMatcher } from './sections.js';
import { spanOf, toTable } from './tables.js';
import { toString } from 'mdast-util-to-string';

/** A problem found while reading a file, before any rule runs. */
export interface ParseProblem {
  ruleId: 'parse' | 'frontmatter';
  message: string;
  line: number;
  column: number;
}

export interface ParsedFile {
  path: string;
  /** Absent when the file could not be read as a postmortem at all. */
  postmortem: Postmortem | undefined;
  problems: ParseProblem[];
}

const markdown = unified().use(remarkParse).use(remarkGfmSubset);

/**
 * Reads one file's bytes into the model. Never throws: a file that is not
 * UTF-8 text, or too large, becomes a single `parse` problem.
 */
export function parseDocument(path: string, bytes: Uint8Array, format: FormatSettings): ParsedFile {
  return parseBody(readHead(path, bytes, format), format);
}

/**
 * A file read up to its frontmatter: the text, the split frontmatter and its
 * metadata. Enough for the knowledge-base index; `parseBody` goes on from it
 * without reading or parsing anything twice.
 */
export type FileHead = { path: string; text: string; split: SplitFrontmatter; meta: PostmortemMeta; metaSources: DocumentMeta['sources'] } | { path: string; problem: ParseProblem };

export function readHead(path: string, bytes: Uint8Array, format: FormatSettings): FileHead {
  const decoded = decode(bytes, format.maxFileSize);
  if ('problem' in decoded) return { path, problem: { ruleId: 'parse', ...decoded.problem } };
  try {
    const split = splitFrontmatter(decoded.text);
    const { meta, sources } = documentMeta(path, decoded.text, split.frontmatter, split.bodyOffset, format);
    return { path, text: decoded.text, split, meta, metaSources: sources };
  } catch (error) {
    return { path, problem: internalProblem(error) };
  }
}

export function parseBody(head: FileHead, format: FormatSettings): ParsedFile {
  if ('problem' in head) return { path: head.path, postmortem: undefined, problems: [head.problem] };
  try {
    return parseText(head, format);
  } catch (error) {
    // A defect of ours must not hide the file's other findings or crash the run.
    return { path: head.path, postmortem: undefined, problems: [internalProblem(error)] };
  }
}

function internalProblem(error: unknown): ParseProblem {
  const message = error instanceof Error ? error.message : String(error);
  return { ruleId: 'parse', message: `Internal error while parsing: ${message}`, line: 1, column: 1 };
}

type Decoded = { text: string } | { problem: { message: string; line: number; column: number } };

function decode(bytes: Uint8Array, maxFileSize: number): Decoded {
  const at = (message: string, line = 1) => ({ problem: { message, line, column: 1 } });
  if (bytes.length > maxFileSize) return at(tooLargeMessage(bytes.length, maxFileSize));
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return at('File is UTF-16 encoded; save it as UTF-8');
  }
  // A binary file has no meaningful lines: the finding stands at line 1.
  if (bytes.indexOf(0) !== -1) return at('File contains NUL bytes: it is binary, not Markdown');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const bad = lenient.indexOf('\uFFFD');
    return at('File is not valid UTF-8; save it as UTF-8', countLines(lenient, bad === -1 ? 0 : bad));
  }
  // TextDecoder drops a UTF-8 BOM; CR and CRLF become LF so lines never shift.
  return { text: text.replace(/\r\n?/g, '\n') };
}

export function tooLargeMessage(size: number, maxFileSize: number): string {
  return `File is ${size} bytes, larger than the ${maxFileSize}-byte limit (maxFileSize); it was not parsed`;
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A read head on to the model: its body parsed, its metadata as the index read it. */
function parseText({ path, text, split, meta, metaSources }: Extract<FileHead, { text: string }>, format: FormatSettings): ParsedFile {
  const problems: ParseProblem[] = split.problems.map((problem) => ({ ruleId: 'frontmatter', ...problem }));
  const guarded = guardMarkdown(markdownBody(text, split));
  const root = parseMarkdown(guarded.text);
  if (guarded.changed) restoreGuarded(root);
  problems.push(...guarded.problems.map((problem) => ({ ruleId: 'parse' as const, ...problem })));
  const lastLine = countLines(text, text.length);
  const match = sectionMatcher(format.sections);
  const headings = findHeadings(root, lastLine, match);
  const sections = findSections(root, headings, match);
  const tables: { section: (typeof sections)[number] | undefined; table: Table }[] = [];
  for (const node of root.children) {
    if (node.type !== 'table') continue;
    const table = toTable(node);
    tables.push({ section: sectionAt(sections, table.span.line), table });
  }
  const { columns } = format;
  const postmortem: Postmortem = {
    path,
    source: text,
    root,
    frontmatter: split.frontmatter,
    meta,
    metaSources,
    title: findTitle(root),
    lineCount: lastLine,
    sections,
    headings,
    tables,
    actionItems: extractActionItems(root, tables, sections, columns),
    timeline: extractTimeline(tables, sections, columns, root, text),
    whys: extractWhys(root, tables, sections, columns, headings),
    contributingFactors: extractFactors(root, tables, sections, columns),
    metrics: extractMetrics(root, tables, sections, columns),
  };
  return { path, postmortem, problems };
}

/** The Markdown after the frontmatter, with blank lines standing in for it so that positions count whole-file lines. */
export function markdownBody(text: string, split: SplitFrontmatter): string {
  return '\n'.repeat(countLines(text, split.bodyOffset) - 1) + text.slice(split.bodyOffset);
}

/** The readers that stand in for micromark where they can (see fast-blocks.ts and fast-tables.ts); tests turn them off to compare. */
export interface FastPaths {
  blocks: boolean;
  tables: boolean;
}

const ALL_FAST_PATHS: FastPaths = { blocks: true, tables: true };

const parseWithMicromark = (text: string) => markdown.parse(text) as Root;

/** Markdown to mdast: a document of plain blocks without micromark, else plain tables without it, else micromark alone. */
export function parseMarkdown(body: string, fast: FastPaths | false = ALL_FAST_PATHS): Root {
  if (fast && fast.blocks) {
    const plain = readPlainBlocks(body, parseWithMicromark);
    if (plain) return plain;
  }
  const hidden = fast && fast.tables ? hideTables(body, parseWithMicromark) : undefined;
  if (hidden) {
    const root = parseWithMicromark(hidden.text);
    if (restoreTables(root, hidden)) return root;
  }
  return parseWithMicromark(body);
}

function findTitle(root: Root): Postmortem['title'] {
  const heading = root.children.find((node) => node.type === 'heading' && node.depth === 1);
  return heading ? { text: toString(heading).trim(), span: spanOf(heading) } : undefined;
}

/** The frontmatter alone, for the knowledge-base index: the body is never parsed as Markdown. */
export function readIndexMeta(path: string, bytes: Uint8Array, format: FormatSettings): { meta: PostmortemMeta; text: string } | undefined {
  const head = readHead(path, bytes, format);
  return 'problem' in head ? undefined : { meta: head.meta, text: head.text };
}
