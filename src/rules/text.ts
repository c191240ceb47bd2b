import type { Html, Nodes, Text } from 'mdast';
import { idMentionPattern } from '../kb/index.js';
import type { Postmortem, SourceSpan } from '../model/postmortem.js';

const proseCache = new WeakMap<Postmortem, (Text | Html)[]>();

/** Prose of the body, code excluded: each text node with where it starts. One walk per document, shared by the rules. */
export function proseNodes(doc: Postmortem): (Text | Html)[] {
  const cached = proseCache.get(doc);
  if (cached) return cached;
  const found: (Text | Html)[] = [];
  // A plain depth-first walk, in document order: unist-util-visit's generality cost a tenth of a second on
  // adversarial trees of tens of thousands of nodes.
  const stack: Nodes[] = [doc.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'code' || node.type === 'inlineCode') continue;
    if (node.type === 'text' || node.type === 'html') found.push(node);
    if ('children' in node) for (let index = node.children.length - 1; index >= 0; index--) stack.push(node.children[index] as Nodes);
  }
  // Kept only once whole: the time limit may stop a lint anywhere, and the file is then checked again.
  proseCache.set(doc, found);
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

const mentionsCache = new WeakMap<Postmortem, { id: string; node: Text; index: number }[]>();

/** Incident ids named in the prose (code excluded), with where: one scan per document, shared by the rules that read them. */
export function idMentions(doc: Postmortem, idPattern: string): { id: string; node: Text; index: number }[] {
  let mentions = mentionsCache.get(doc);
  if (!mentions) {
    mentions = [];
    const pattern = idMentionPattern(idPattern);
    for (const node of proseNodes(doc)) {
      if (node.type !== 'text') continue;
      for (const match of node.value.matchAll(pattern)) mentions.push({ id: match[0], node, index: match.index });
    }
    mentionsCache.set(doc, mentions);
  }
  return mentions;
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

/** The text without its HTML comments (`<!-- … -->`); an unclosed comment runs to the end. A scan, not a regex, so it stays linear. */
export function withoutHtmlComments(text: string): string {
  let kept = '';
  let from = 0;
  for (let open = text.indexOf('<!--'); open !== -1; open = text.indexOf('<!--', from)) {
    kept += text.slice(from, open);
    const close = text.indexOf('-->', open + 4);
    if (close === -1) return kept;
    from = close + 3;
  }
  return kept + text.slice(from);
}

/**
 * What authors write in a section they have nothing for: "None.", "N/A", "-", "Nothing to report",
 * "No data gaps". Matched on the words alone, so bullets, emphasis and punctuation do not matter.
 */
const SAYS_NOTHING =
  /^(?:none|nil|nothing|n a|na|not applicable|no (?:action items?|actions?|follow ups?|(?:known )?(?:data |evidence )?gaps?|missing evidence))(?: (?:(?:were|are|was|is|have been|has been) )?(?:at this time|at the moment|so far|yet|identified|known|found|noted|needed|required|for now|to report|to add)){0,2}$/;

/** Whether a section's text (comments removed) says nothing: empty, or one of the fillers above. */
export function saysNothing(text: string): boolean {
  const plain = words(text);
  return plain === '' || SAYS_NOTHING.test(plain);
}

/** The words of a text, lower-cased and joined by single spaces: bullets, emphasis and punctuation dropped. */
export function words(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * A rule's suggestion: the line of `span` with `written` replaced by `wanted`, the rest byte for byte; none unless
 * `written` stands exactly once in the span (a list item that names the date twice would leave the fix a guess).
 */
export function rewriteOnce(lines: readonly string[], span: SourceSpan, written: string, wanted: string): { line: number; text: string } | undefined {
  if (written === '' || written === wanted) return undefined;
  let found: { line: number; text: string } | undefined;
  for (let line = span.line; line <= span.endLine; line++) {
    const text = lines[line - 1] ?? '';
    const from = line === span.line ? span.column - 1 : 0;
    const to = line === span.endLine ? span.endColumn - 1 : text.length;
    const part = text.slice(from, to);
    const at = part.indexOf(written);
    if (at === -1) continue;
    if (found || part.indexOf(written, at + 1) !== -1) return undefined;
    found = { line, text: text.slice(0, from + at) + wanted + text.slice(from + at + written.length) };
  }
  return found;
}
