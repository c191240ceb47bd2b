import type { InlineCode, Link, PhrasingContent, Strong, Text } from 'mdast';
import { classifyCharacter } from 'micromark-util-classify-character';

/**
 * The inline texts of real postmortems are mostly words with a few `**bold**` lead-ins, `code` and
 * `[links](https://…)`. Those become mdast here, without micromark's tokenizer; any other syntax (emphasis with
 * one `*` or `_`, a backslash, an entity, HTML, an image, a reference, a hard break...) returns undefined and the
 * text goes to micromark as before. Positions are the text's own (line 1, column 1, offset 0); the caller moves
 * them. A differential test compares the nodes with micromark's on generated and real texts.
 */
export function readInlineFast(text: string, links: boolean): PhrasingContent[] | undefined {
  const tokens = tokenize(text, links);
  if (!tokens) return undefined;
  const runs = tokens.filter((token) => token.kind === 'run');
  // `**` runs pair up in order, each pair a strong: the first able to open, the second to close (micromark's
  // rule: by the characters around the run, see flanking below), never empty.
  if (runs.length % 2 !== 0) return undefined;
  for (let index = 0; index < runs.length; index += 2) {
    const open = runs[index]!;
    const close = runs[index + 1]!;
    if (!flanking(text, open.from).open || !flanking(text, close.from).close || close.from === open.to) return undefined;
  }
  const at = positions(text);
  const nodes: PhrasingContent[] = [];
  let strong: { node: Strong; from: number } | undefined;
  let textFrom = -1;
  const target = (): PhrasingContent[] => (strong ? strong.node.children : nodes);
  const flushText = (to: number): void => {
    if (textFrom === -1) return;
    const node: Text = { type: 'text', value: text.slice(textFrom, to), position: { start: at(textFrom), end: at(to) } };
    target().push(node);
    textFrom = -1;
  };
  for (const token of tokens) {
    if (token.kind === 'data') {
      if (textFrom === -1) textFrom = token.from;
      continue;
    }
    flushText(token.from);
    if (token.kind === 'run') {
      if (!strong) {
        strong = { node: { type: 'strong', children: [] }, from: token.from };
      } else {
        strong.node.position = { start: at(strong.from), end: at(token.to) };
        nodes.push(strong.node);
        strong = undefined;
      }
    } else if (token.kind === 'code') {
      const code: InlineCode = { type: 'inlineCode', value: token.value, position: { start: at(token.from), end: at(token.to) } };
      target().push(code);
    } else {
      const label: Text = { type: 'text', value: text.slice(token.from + 1, token.labelEnd), position: { start: at(token.from + 1), end: at(token.labelEnd) } };
      const link: Link = { type: 'link', title: null, url: token.value, children: [label], position: { start: at(token.from), end: at(token.to) } };
      target().push(link);
    }
  }
  flushText(text.length);
  return nodes;
}

type Token =
  | { kind: 'data'; from: number; to: number }
  | { kind: 'run'; from: number; to: number }
  | { kind: 'code'; from: number; to: number; value: string }
  | { kind: 'link'; from: number; to: number; labelEnd: number; value: string };

/** The characters `tokenize` looks at; every other one is a word's. */
const SPECIAL = new Set(['`', '*', '_', '[', ']', '&', '<', '!', '\\', '\t', '\r', '\0', '\uFEFF']);

const isAsciiAlphanumeric = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isSpace = (character: string | undefined): boolean => character === ' ' || character === '\n';

/** The text cut into words, `**` runs, code spans and links; undefined at any syntax this reader leaves alone. */
function tokenize(text: string, links: boolean): Token[] | undefined {
  // Leading or trailing spaces, a space at a line's end or start: micromark trims or makes breaks of them.
  if (text === '' || text[0] === ' ' || text.endsWith(' ') || text.includes(' \n') || text.includes('\n ')) return undefined;
  const tokens: Token[] = [];
  let index = 0;
  const data = (to: number): void => {
    tokens.push({ kind: 'data', from: index, to });
    index = to;
  };
  while (index < text.length) {
    const character = text[index]!;
    switch (character) {
      case '`': {
        // One backtick to one backtick, on one line: the code between (one space trimmed off both ends).
        const close = text.indexOf('`', index + 1);
        if (text[index + 1] === '`' || close === -1 || text[close + 1] === '`') return undefined;
        const inside = text.slice(index + 1, close);
        if (inside.includes('\n')) return undefined;
        const value = inside.length > 2 && inside[0] === ' ' && inside.endsWith(' ') && inside.trim() !== '' ? inside.slice(1, -1) : inside;
        tokens.push({ kind: 'code', from: index, to: close + 1, value });
        index = close + 1;
        break;
      }
      case '*':
        // Exactly two.
        if (text[index + 1] !== '*' || text[index + 2] === '*') return undefined;
        tokens.push({ kind: 'run', from: index, to: index + 2 });
        index += 2;
        break;
      case '_': {
        // Inside a word (`snake_case`), where it can neither open nor close emphasis.
        let end = index;
        while (text[end] === '_') end++;
        if (index === 0 || !isAsciiAlphanumeric(text.charCodeAt(index - 1)) || !isAsciiAlphanumeric(text.charCodeAt(end))) return undefined;
        data(end);
        break;
      }
      case '[': {
        const link = links ? readLink(text, index) : undefined;
        if (!link) return undefined;
        tokens.push(link);
        index = link.to;
        break;
      }
      case '&':
        // Not the start of a character reference: followed by a space or nothing.
        if (!isSpace(text[index + 1]) && index + 1 < text.length) return undefined;
        data(index + 1);
        break;
      case '<': {
        // Not the start of an autolink or HTML: followed by a space, a digit, `=` or nothing.
        const next = text[index + 1];
        if (next !== undefined && !isSpace(next) && next !== '=' && !(next >= '0' && next <= '9')) return undefined;
        data(index + 1);
        break;
      }
      case '!':
        if (text[index + 1] === '[') return undefined;
        data(index + 1);
        break;
      case ']':
      case '\\':
      case '\t':
      case '\r':
      case '\0':
      case '\uFEFF':
        return undefined;
      default: {
        // A run of characters with no meaning here, at once.
        let end = index + 1;
        while (end < text.length && !SPECIAL.has(text[end]!)) end++;
        data(end);
      }
    }
  }
  return tokens;
}

/** `[label](destination)`: a label of plain words, a destination without spaces, parentheses or escapes. */
function readLink(text: string, from: number): Token | undefined {
  const labelEnd = text.indexOf(']', from + 1);
  if (labelEnd === -1 || labelEnd === from + 1 || text[labelEnd + 1] !== '(') return undefined;
  const label = text.slice(from + 1, labelEnd);
  if (/[[`*\\<&!\n]/.test(label) || label[0] === ' ' || label.endsWith(' ') || !underscoresInWords(label)) return undefined;
  const close = text.indexOf(')', labelEnd + 2);
  if (close === -1) return undefined;
  const destination = text.slice(labelEnd + 2, close);
  if (/[\s()<>\\&`]/.test(destination)) return undefined;
  return { kind: 'link', from, to: close + 1, labelEnd, value: destination };
}

function underscoresInWords(label: string): boolean {
  for (let index = label.indexOf('_'); index !== -1; index = label.indexOf('_', index + 1)) {
    let end = index;
    while (label[end] === '_') end++;
    if (index === 0 || !isAsciiAlphanumeric(label.charCodeAt(index - 1)) || !isAsciiAlphanumeric(label.charCodeAt(end))) return false;
    index = end;
  }
  return true;
}

/**
 * Whether the `**` run at `from` may open or close a strong, by micromark's own rule: the characters before and
 * after it classified as whitespace, punctuation or other (a line's start or end is whitespace).
 */
function flanking(text: string, from: number): { open: boolean; close: boolean } {
  const code = (at: number): number | null => (at < 0 || at >= text.length ? null : text.charCodeAt(at));
  const before = classifyCharacter(code(from - 1));
  const after = classifyCharacter(code(from + 2));
  return { open: !after || (after === 2 && Boolean(before)), close: !before || (before === 2 && Boolean(after)) };
}

/** Offset to mdast point within the text. */
function positions(text: string): (offset: number) => { line: number; column: number; offset: number } {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  // The last line start at or before the offset, by halves: a text of many lines and many nodes stays linear.
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1, offset };
  };
}
