import type { Paragraph, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { SECTION_KEYS, type Heading, type Section, type SectionKey } from '../model/postmortem.js';
import { normalizeLabel, spanOf } from './tables.js';

/** Leading numbering ("1.", "2)", "IV.") is not part of a section's name. */
const NUMBERING = /^(?:\d+|[ivx]+)[.)]\s+/i;
/** A section's name is in a heading's first words: the rest of a long heading is never read. */
const MAX_TITLE_LENGTH = 200;

export type SectionMatch = (title: string) => SectionKey | undefined;

/**
 * A heading names a section when the section's name or an alias is the
 * heading's leading words, case-insensitively: "Timeline (all times PST)
 * 10/22/2022", "Root Cause and Trigger". The longest alias that fits wins.
 */
export function sectionMatcher(names: Record<SectionKey, string[]>): SectionMatch {
  const known = matchers.get(names);
  if (known !== undefined) return known;
  const byName = new Map<string, SectionKey>();
  let longest = 1;
  for (const key of SECTION_KEYS) {
    for (const name of names[key]) {
      const normal = normalizeLabel(name);
      if (normal === '' || byName.has(normal)) continue;
      byName.set(normal, key);
      longest = Math.max(longest, normal.split(' ').length);
    }
  }
  const match: SectionMatch = (title) => {
    const words = normalizeLabel(title.slice(0, MAX_TITLE_LENGTH).replace(NUMBERING, '')).split(' ');
    for (let count = Math.min(longest, words.length); count >= 1; count--) {
      const key = byName.get(words.slice(0, count).join(' '));
      if (key !== undefined) return key;
    }
    return undefined;
  };
  matchers.set(names, match);
  return match;
}

/** One matcher per configuration, not one per document. */
const matchers = new WeakMap<Record<SectionKey, string[]>, SectionMatch>();

/**
 * Every top-level heading, each running until the next heading of the same
 * or a higher level. With a matcher, a bold label that names a section of the
 * method stands in for a heading one level below the heading it sits under
 * (at least H2; labels deeper than H3 are left as text).
 */
export function findHeadings(root: Root, lastLine: number, match?: SectionMatch): Heading[] {
  const nodes = root.children;
  const found: { index: number; depth: number; text: string; node: RootContent; label: boolean }[] = [];
  let context = 1;
  nodes.forEach((node, index) => {
    if (node.type === 'heading') {
      context = node.depth;
      found.push({ index, depth: node.depth, text: toString(node).trim(), node, label: false });
      return;
    }
    if (match === undefined || node.type !== 'paragraph') return;
    const label = sectionLabel(node);
    const depth = Math.max(2, context + 1);
    if (label !== undefined && depth <= 3 && match(label.text) !== undefined) found.push({ index, depth, text: label.text, node: label.node, label: true });
  });
  // The next heading of the same or a higher level, found from the end: depths are 1 to 6.
  const nextAtDepth: (number | undefined)[] = [];
  const nextOf: (number | undefined)[] = new Array(found.length);
  for (let position = found.length - 1; position >= 0; position--) {
    const depth = found[position]!.depth;
    let next: number | undefined;
    for (let d = 1; d <= depth; d++) {
      const candidate = nextAtDepth[d];
      if (candidate !== undefined && (next === undefined || candidate < next)) next = candidate;
    }
    nextOf[position] = next;
    nextAtDepth[depth] = position;
  }
  return found.map((heading, position) => {
    const nextPosition = nextOf[position];
    const next = nextPosition === undefined ? undefined : found[nextPosition];
    const span = spanOf(heading.node);
    const endLine = next === undefined ? lastLine : Math.max(startLine(nodes[next.index]) - 1, span.endLine);
    return heading.label ? { depth: heading.depth, text: heading.text, span, endLine, label: true } : { depth: heading.depth, text: heading.text, span, endLine };
  });
}

/** "**Root Causes**", "**Root Causes:**" alone on the paragraph's first line; "**Summary:** text" and "**Summary**: text" as a run-in label. */
function sectionLabel(paragraph: Paragraph): { text: string; node: RootContent } | undefined {
  const [first, second] = paragraph.children;
  if (first?.type !== 'strong' || first.position === undefined) return undefined;
  const text = toString(first).trim();
  if (text === '' || text.length > MAX_TITLE_LENGTH) return undefined;
  const colonInside = text.endsWith(':');
  const after = second?.type === 'text' ? second.value : second === undefined ? '' : undefined;
  // What follows the label on its own line: nothing, or a colon, is a label on its own line. `(?::\s*)?` reads a run
  // of spaces one way (`\s*:?\s*` split it every way, N²).
  const restOfLine = after === undefined ? undefined : after.split('\n', 1)[0]!;
  const alone = second === undefined || (restOfLine !== undefined && /^\s*(?::\s*)?$/.test(restOfLine) && (after!.includes('\n') || paragraph.children.length === 2));
  const runIn = colonInside || (restOfLine !== undefined && /^\s*:/.test(restOfLine));
  if (!alone && !runIn) return undefined;
  // The run before the colon starts after a non-space: `\s*:$` retried from each space was N².
  return { text: text.replace(/(?<!\s)\s*:$/, ''), node: first as RootContent };
}

/**
 * Sections are the H2 headings, and the H3 headings that name a section of
 * the method (the seed nests Impact under Summary and Contributing Factors
 * under Root Cause Analysis). A section runs until the next heading of the
 * same or a higher level, so sections nest.
 */
export function findSections(root: Root, headings: Heading[], match: SectionMatch): Section[] {
  const sections: Section[] = [];
  const nodes = root.children;
  const paragraphs = new Map<number, Paragraph>();
  for (const node of nodes) if (node.type === 'paragraph' && node.position) paragraphs.set(node.position.start.line, node);
  for (const heading of headings) {
    if (heading.depth !== 2 && heading.depth !== 3) continue;
    const key = match(heading.text);
    if (heading.depth === 3 && key === undefined) continue;
    const also = key === undefined ? [] : alsoNamed(heading.text, key, match);
    // The first block with content decides: a section is scanned only up to it, and only from where it starts.
    let hasContent = false;
    for (let index = firstAfter(nodes, heading.span.endLine); index < nodes.length && startLine(nodes[index]) <= heading.endLine; index++) {
      const child = nodes[index]!;
      if (child.type !== 'heading' && child.type !== 'html' && toString(child).trim() !== '') {
        hasContent = true;
        break;
      }
    }
    sections.push({
      title: heading.text,
      key,
      ...(also.length > 0 ? { also } : {}),
      depth: heading.depth,
      heading: heading.span,
      endLine: heading.endLine,
      // An empty bullet ("-") or a comment is no content; a run-in label's own paragraph may hold it.
      empty: !hasContent && !(heading.label && labelHasText(paragraphs.get(heading.span.line), heading)),
    });
  }
  return sections;
}

/** The sections named after the first by a compound heading: "Impact & Metrics", "Summary and Impact". */
function alsoNamed(title: string, key: SectionKey, match: SectionMatch): SectionKey[] {
  const parts = normalizeLabel(title.slice(0, MAX_TITLE_LENGTH)).split(/ and /).slice(1);
  const keys = parts.map((part) => match(part)).filter((other): other is SectionKey => other !== undefined && other !== key);
  return [...new Set(keys)];
}

/** Whether the paragraph a label opens says more than the label. */
function labelHasText(paragraph: Paragraph | undefined, heading: Heading): boolean {
  if (paragraph === undefined) return false;
  return toString(paragraph).replace(/\s+/g, ' ').trim().length > heading.text.length + 1;
}

function startLine(node: RootContent | undefined): number {
  return node?.position?.start.line ?? 1;
}

/** The index of the first block that starts after a line (blocks are in document order). */
function firstAfter(nodes: readonly RootContent[], line: number): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (startLine(nodes[middle]) > line) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Sections nest: each one lies inside the sections before it that are still open. Their parents, found once per
 * document, let a line's sections be looked up by a binary search and a walk up at most a few levels, instead of a
 * scan of every section for every block.
 */
const parentsOf = new WeakMap<Section[], Int32Array>();

function parents(sections: Section[]): Int32Array {
  let found = parentsOf.get(sections);
  if (found !== undefined) return found;
  found = new Int32Array(sections.length);
  const open: number[] = [];
  sections.forEach((section, index) => {
    while (open.length > 0 && sections[open[open.length - 1]!]!.endLine < section.heading.line) open.pop();
    found![index] = open.length > 0 ? open[open.length - 1]! : -1;
    open.push(index);
  });
  parentsOf.set(sections, found);
  return found;
}

/** The sections that contain a line, innermost first. */
function containing(sections: Section[], line: number): Section[] {
  const parent = parents(sections);
  let low = 0;
  let high = sections.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sections[middle]!.heading.line <= line) low = middle + 1;
    else high = middle;
  }
  const chain: Section[] = [];
  for (let index = low - 1; index !== -1; index = parent[index]!) {
    const section = sections[index]!;
    if (line <= section.endLine) chain.push(section);
  }
  return chain;
}

/** The innermost section that contains a line. */
export function sectionAt(sections: Section[], line: number): Section | undefined {
  return containing(sections, line)[0];
}

/** Whether any section with this key (or naming it after "and") contains the line, at any nesting. */
export function isWithin(sections: Section[], key: SectionKey, line: number): boolean {
  return containing(sections, line).some((section) => section.key === key || section.also?.includes(key));
}
