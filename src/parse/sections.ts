import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { SECTION_KEYS, type Section, type SectionKey } from '../model/postmortem.js';
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

/**
 * Sections are the H2 headings, and the H3 headings that name a section of
 * the method (the seed nests Impact under Summary and Contributing Factors
 * under Root Cause Analysis). A section runs until the next heading of the
 * same or a higher level, so sections nest.
 */
export function findSections(root: Root, match: (title: string) => SectionKey | undefined, lastLine: number): Section[] {
  const nodes = root.children;
  const sections: Section[] = [];
  nodes.forEach((node, index) => {
    if (node.type !== 'heading' || (node.depth !== 2 && node.depth !== 3)) return;
    const title = toString(node).trim();
    const key = match(title);
    if (node.depth === 3 && key === undefined) return;
    const end = nodes.findIndex((other, i) => i > index && other.type === 'heading' && other.depth <= node.depth);
    const endLine = end === -1 ? lastLine : Math.max(startLine(nodes[end]) - 1, spanOf(node).endLine);
    const content = nodes.slice(index + 1, end === -1 ? undefined : end);
    sections.push({
      title,
      key,
      depth: node.depth,
      heading: spanOf(node),
      endLine,
      empty: !content.some((child) => child.type !== 'heading' && child.type !== 'html'),
    });
  });
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
