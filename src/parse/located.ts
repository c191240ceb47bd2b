import type { List, Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Section, SectionKey, Table } from '../model/postmortem.js';
import { isWithin } from './sections.js';

/** A table of the document with the section it sits in. */
export type LocatedTable = { section: Section | undefined; table: Table };

/** The tables inside a section of the method, at any nesting. */
export function tablesIn(tables: LocatedTable[], sections: Section[], key: SectionKey): Table[] {
  return tables.filter(({ table }) => isWithin(sections, key, table.span.line)).map(({ table }) => table);
}

/** The top-level lists inside a section of the method. */
export function listsIn(root: Root, sections: Section[], key: SectionKey): List[] {
  return root.children.filter((node): node is List => node.type === 'list' && node.position !== undefined && isWithin(sections, key, node.position.start.line));
}

/** A node's text on one line: whitespace runs become one space. */
export function flatText(node: Nodes): string {
  return toString(node, { includeImageAlt: false }).replace(/\s+/g, ' ').trim();
}
