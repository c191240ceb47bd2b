/**
 * The reading functions as they were before the reading service: each opens
 * a reader of its own on `node:fs`, so nothing is shared between two calls.
 * Code that reads more than once in a run should hold one `WorkspaceReader`
 * (reader.ts) instead.
 */
import type { ResolvedConfig } from '../config/types.js';
import { buildKnowledgeBase, type IndexEntry, type KnowledgeBase } from '../kb/index.js';
import type { FileHead, ParsedFile } from '../parse/document.js';
import { NODE_FS, type WorkspaceFs } from './fs.js';
import { createReader, indexEntry } from './reader.js';

export { skippedPaths, UsageError } from './discover.js';
export { loadFile, tookTooLong, workspaceRoot } from './reader.js';

/** See discover.ts. */
export function discoverFiles(args: readonly string[], config: ResolvedConfig, cwd: string, fs: WorkspaceFs = NODE_FS): Promise<string[]> {
  return createReader({ config, cwd, fs }).discover(args);
}

/**
 * The knowledge-base index: the files already parsed lend their metadata;
 * every other configured postmortem is read up to the end of its
 * frontmatter's YAML, never parsed as Markdown.
 */
export async function indexKnowledgeBase(config: ResolvedConfig, cwd: string, parsed: readonly ParsedFile[]): Promise<KnowledgeBase> {
  const entries = parsed.flatMap((file) => (file.postmortem ? [indexEntry(file.path, file.postmortem.meta, file.postmortem.source, config)] : []));
  return createReader({ config, cwd }).indexWith(entries, new Set(parsed.map((file) => file.path)));
}

/** The index from entries already read, completed with every other configured postmortem (unless `readEverything`). */
export async function indexWithEntries(config: ResolvedConfig, cwd: string, known: readonly IndexEntry[], read: ReadonlySet<string>, readEverything = false): Promise<KnowledgeBase> {
  if (readEverything) return buildKnowledgeBase([...known], config.knowledgeBase);
  return createReader({ config, cwd }).indexWith(known, read);
}

/** Reads and parses each file once (see WorkspaceReader.parseAll). */
export function readPostmortems(paths: readonly string[], config: ResolvedConfig, cwd: string): ParsedFile[] {
  return createReader({ config, cwd }).parseAll(paths);
}

/** Parses the named incidents' files (only those) to read their action items. */
export function readIncidents(knowledgeBase: KnowledgeBase, ids: readonly string[], config: ResolvedConfig, cwd: string): ParsedFile[] {
  return incidentReader(knowledgeBase, config, cwd)(ids);
}

/**
 * `readIncidents` for a whole run: an incident that belongs to several
 * patterns is read and parsed once, however many times it is asked for.
 */
export function incidentReader(knowledgeBase: KnowledgeBase, config: ResolvedConfig, cwd: string): (ids: readonly string[]) => ParsedFile[] {
  return createReader({ config, cwd }).incidents(knowledgeBase);
}

/** A head's entry in the knowledge-base index. */
export function entryOfHead(head: FileHead, config: ResolvedConfig): IndexEntry[] {
  return 'problem' in head ? [] : [indexEntry(head.path, head.meta, head.text, config)];
}
