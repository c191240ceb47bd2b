import { isMap, isNode, isPair, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { SourceSpan } from '../model/postmortem.js';

/** Aliases beyond this many expansions are refused ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

export interface YamlProblem {
  message: string;
  line: number;
  column: number;
}

export interface ParsedYaml {
  data: unknown;
  problems: YamlProblem[];
  locate(path: readonly (string | number)[]): SourceSpan | undefined;
}

/**
 * Parses YAML with the core schema: dates stay strings, no custom tags run,
 * duplicate keys and unresolved tags (`!!js/function`) are problems, alias
 * expansion is capped. `firstLine` is the file line on which `source` starts.
 */
export function parseYaml(source: string, firstLine = 1): ParsedYaml {
  const { doc, lineCounter } = parse(source);
  const problems: YamlProblem[] = [...doc.errors, ...doc.warnings].map((error) => {
    const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
    const kind = error.name === 'YAMLWarning' ? 'YAML' : 'YAML syntax error';
    return { message: `${kind}: ${firstLineOf(error.message)}`, line: pos.line + firstLine - 1, column: pos.col };
  });
  let data: unknown = undefined;
  if (doc.errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      problems.push({ message: aliasMessage(error), line: firstLine, column: 1 });
    }
  }
  // The syntax tree is three times the size of the data; a lint holding thousands of files keeps only the
  // source, and parses it again for the rare finding that needs a position in it.
  let located: ReturnType<typeof parse> | undefined;
  const locate = (path: readonly (string | number)[]) => {
    located ??= parse(source);
    const { lineCounter: lines } = located;
    const toSpan = (start: number, end: number): SourceSpan => {
      const from = lines.linePos(start);
      const to = lines.linePos(end);
      return { line: from.line + firstLine - 1, column: from.col, endLine: to.line + firstLine - 1, endColumn: to.col };
    };
    return locateIn(located.doc, path, toSpan);
  };
  return { data, problems, locate };
}

function parse(source: string): { doc: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { schema: 'core', uniqueKeys: true, prettyErrors: true, lineCounter, strict: true });
  return { doc, lineCounter };
}

function firstLineOf(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

function aliasMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /alias/i.test(text)
    ? `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} expansions); refusing to expand them`
    : `YAML could not be read: ${text}`;
}

function locateIn(
  doc: Document,
  path: readonly (string | number)[],
  toSpan: (start: number, end: number) => SourceSpan,
): SourceSpan | undefined {
  let node: unknown = doc.contents;
  let span: SourceSpan | undefined = rangeSpan(node, toSpan);
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isNode(item.key) && String((item.key as { value?: unknown }).value) === String(step));
      if (!pair) return undefined;
      const keyRange = isNode(pair.key) ? pair.key.range : undefined;
      const valueRange = isNode(pair.value) ? pair.value.range : undefined;
      if (keyRange) span = toSpan(keyRange[0], valueRange ? valueRange[1] : keyRange[1]);
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(step)];
      if (item === undefined) return undefined;
      span = rangeSpan(item, toSpan) ?? span;
      node = item;
    } else {
      return undefined;
    }
  }
  return span;
}

function rangeSpan(node: unknown, toSpan: (start: number, end: number) => SourceSpan): SourceSpan | undefined {
  if (!isNode(node) || !node.range) return undefined;
  return toSpan(node.range[0], node.range[1]);
}
