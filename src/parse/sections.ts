import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { SECTION_KEYS, type Heading, type Section, type SectionKey } from '../model/postmortem.js';
import { normalizeLabel, spanOf } from './tables.js';

/** Leading numbering ("1.", "2)", "IV.") is not part of a section's name. */
const NUMBERING = /^(?:\d+|[ivx]+)[.)]\s+/i;

export function sectionMatcher(names: Record<SectionKey, string[]>): (title: string) => SectionKey | undefined {
  const byName = new Map<string, SectionKey>();
  for (const key of SECTION_KEYS) {
    for (const name of names[key]) byName.set(normalizeLabel(name), key);
  }
  return (title) => byName.get(normalizeLabel(title.replace(NUMBERING, '')));
}

/** Every top-level heading, each running until the next heading of the same or a higher level. */
export function findHeadings(root: Root, lastLine: number): Heading[] {
  const nodes = root.children;
  const headings: Heading[] = [];
  nodes.forEach((node, index) => {
    if (node.type !== 'heading') return;
    const end = nodes.findIndex((other, i) => i > index && other.type === 'heading' && other.depth <= node.depth);
    const endLine = end === -1 ? lastLine : Math.max(startLine(nodes[end]) - 1, spanOf(node).endLine);
    headings.push({ depth: node.depth, text: toString(node).trim(), span: spanOf(node), endLine });
  });
  return headings;
}

/**
 * Sections are the H2 headings, and the H3 headings that name a section of
 * the method (the seed nests Impact under Summary and Contributing Factors
 * under Root Cause Analysis). A section runs until the next heading of the
 * same or a higher level, so sections nest.
 */
export function findSections(root: Root, headings: Heading[], match: (title: string) => SectionKey | undefined): Section[] {
  const sections: Section[] = [];
  for (const heading of headings) {
    if (heading.depth !== 2 && heading.depth !== 3) continue;
    const key = match(heading.text);
    if (heading.depth === 3 && key === undefined) continue;
    const content = root.children.filter((node) => {
      const line = node.position?.start.line ?? 0;
      return line > heading.span.endLine && line <= heading.endLine;
    });
    sections.push({
      title: heading.text,
      key,
      depth: heading.depth,
      heading: heading.span,
      endLine: heading.endLine,
      // An empty bullet ("-") or a comment is no content.
      empty: !content.some((child) => child.type !== 'heading' && child.type !== 'html' && toString(child).trim() !== ''),
    });
  }
  return sections;
}

function startLine(node: RootContent | undefined): number {
  return node?.position?.start.line ?? 1;
}

/** The innermost section that contains a line. */
export function sectionAt(sections: Section[], line: number): Section | undefined {
  let found: Section | undefined;
  for (const section of sections) {
    if (section.heading.line <= line && line <= section.endLine) {
      if (!found || section.heading.line > found.heading.line) found = section;
    }
  }
  return found;
}

/** The innermost section with this key that contains the line, at any nesting. */
export function isWithin(sections: Section[], key: SectionKey, line: number): boolean {
  return sections.some((section) => section.key === key && section.heading.line <= line && line <= section.endLine);
}
