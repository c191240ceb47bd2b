import type { Nodes, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { remarkGfmSubset } from '../../src/parse/gfm-subset.js';

/**
 * Markdown as a reader sees it, parsed as CommonMark with GFM tables (what
 * GitHub renders comments, issues and job summaries with): headings, links,
 * raw HTML, table rows, and mentions, which GitHub finds in text outside
 * code and links.
 */
export interface Rendered {
  headings: string[];
  links: { url: string; text: string }[];
  html: string[];
  /** Cells per row, for every table row. */
  tableRows: string[][];
  mentions: string[];
  /** All text a reader sees, code included, entities decoded. */
  text: string;
}

const MENTION = /(?<![\w`])@[A-Za-z0-9][\w-]*(?:\/[\w.-]+)?/g;

function textOf(node: Nodes): string {
  if ('value' in node && node.type !== 'html') return node.value;
  if ('children' in node) return node.children.map((child) => textOf(child as Nodes)).join('');
  return '';
}

export function render(markdown: string): Rendered {
  const root = unified().use(remarkParse).use(remarkGfmSubset).parse(markdown) as Root;
  const out: Rendered = { headings: [], links: [], html: [], tableRows: [], mentions: [], text: textOf(root) };
  const walk = (node: Nodes, inLink: boolean) => {
    if (node.type === 'heading') out.headings.push(textOf(node));
    if (node.type === 'link') out.links.push({ url: node.url, text: textOf(node) });
    if (node.type === 'html') out.html.push(node.value);
    if (node.type === 'tableRow') out.tableRows.push(node.children.map((cell) => textOf(cell)));
    if (node.type === 'text' && !inLink) out.mentions.push(...(node.value.match(MENTION) ?? []));
    if ('children' in node) for (const child of node.children) walk(child as Nodes, inLink || node.type === 'link');
  };
  walk(root, false);
  return out;
}
