import type { Html, Nodes, Text } from 'mdast';
import type { Postmortem } from '../model/postmortem.js';

const proseCache = new WeakMap<Postmortem, (Text | Html)[]>();

/** Prose of the body, code excluded: each text node with where it starts. One walk per document, shared by the rules. */
export function proseNodes(doc: Postmortem): (Text | Html)[] {
  const cached = proseCache.get(doc);
  if (cached) return cached;
  const found: (Text | Html)[] = [];
  proseCache.set(doc, found);
  // A plain depth-first walk, in document order: unist-util-visit's generality cost a tenth of a second on
  // adversarial trees of tens of thousands of nodes.
  const stack: Nodes[] = [doc.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'code' || node.type === 'inlineCode') continue;
    if (node.type === 'text' || node.type === 'html') found.push(node);
    if ('children' in node) for (let index = node.children.length - 1; index >= 0; index--) stack.push(node.children[index] as Nodes);
  }
  return found;
}

/** The line and column of an offset inside a node's value. */
export function positionIn(node: Text | Html, offset: number): { line: number; column: number } {
  const start = node.position?.start ?? { line: 1, column: 1 };
  const before = node.value.slice(0, offset);
  const breaks = before.split('\n');
  if (breaks.length === 1) return { line: start.line, column: start.column + offset };
  return { line: start.line + breaks.length - 1, column: breaks[breaks.length - 1]!.length + 1 };
}

const linesCache = new WeakMap<Postmortem, string[]>();

/** The file's lines, split once per document. */
export function sourceLines(doc: Postmortem): string[] {
  let lines = linesCache.get(doc);
  if (!lines) linesCache.set(doc, (lines = doc.source.split('\n')));
  return lines;
}

/** The lines of the file from `from` to `to` (1-based, inclusive). */
export function linesBetween(doc: Postmortem, from: number, to: number): { line: number; text: string }[] {
  return sourceLines(doc)
    .slice(from - 1, to)
    .map((text, index) => ({ line: from + index, text }));
}

/** A heading whose text matches one of the names, case-insensitively. */
export function findHeading(doc: Postmortem, names: readonly string[]) {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  return doc.headings.find((heading) => wanted.has(heading.text.toLowerCase().replace(/[:.]$/, '').trim()));
}
