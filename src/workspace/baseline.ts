import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { BaselineFormatError, baselineSize, fingerprintOf, linesOf, parseBaseline, serializeBaseline, suppress, updateBaseline, type Baseline, type FingerprintedResult } from '../lint/baseline.js';
import type { FileResult } from '../model/finding.js';
import type { ParsedFile } from '../parse/document.js';
import { displayPath } from './config-file.js';
import { readText } from './fs.js';
import type { LintOutcome } from './lint.js';
import { loadFile } from './reader.js';

/** The baseline file, at the config's root (like the config, it is committed). */
export const DEFAULT_BASELINE_FILE = '.postmortem-baseline.json';

/** A baseline file that cannot be read or written: the message names the file. */
export class BaselineError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export interface BaselineRequest {
  /** The baseline file as the user named it (relative to the working directory); default: DEFAULT_BASELINE_FILE at the config's root. */
  file?: string | undefined;
  /** Record this run's findings in the file (pruning the findings that are gone); else only read it, when it exists. */
  write?: boolean | undefined;
  /** The lint covered every configured postmortem: a written baseline forgets the files it did not lint. */
  complete: boolean;
}

export interface BaselineOutcome {
  /** The findings not in the baseline (all of them when there is none). */
  results: FileResult[];
  /** How many findings the baseline suppressed. */
  suppressed: number;
  /** The baseline file, absolute, and as the working directory shows it. */
  path: string;
  shown: string;
  /** Whether a baseline was read or written. */
  used: boolean;
  /** With `write`: whether the file changed (false: it already held these findings, and was not rewritten), and what it holds. */
  written?: { changed: boolean; findings: number; files: number };
}

/** The baseline file a run uses: the one named (relative to the working directory), else the default at the config's root. */
export function baselinePath(outcome: Pick<LintOutcome, 'config'>, cwd: string, file: string | undefined): string {
  return file === undefined ? join(outcome.config.root, DEFAULT_BASELINE_FILE) : resolve(cwd, file);
}

/**
 * Applies the baseline to a lint's results, after the lint (and its cache:
 * the cache holds every finding, the baseline decides what is shown). The
 * lines a fingerprint reads come from the files the lint kept parsed, else
 * from the file read again, undecoded beyond UTF-8 and never parsed, and
 * only for files with findings the baseline may hold (all of them when
 * writing). A named baseline file (`file`) must exist unless it is written.
 */
export function applyBaseline(outcome: Pick<LintOutcome, 'config' | 'results' | 'parsed' | 'reader'>, request: BaselineRequest): BaselineOutcome {
  const { reader } = outcome;
  const { cwd, fs } = reader;
  const path = baselinePath(outcome, cwd, request.file);
  const shown = displayPath(path, cwd);
  const exists = fs.existsSync(path);
  if (!exists && !request.write) {
    if (request.file !== undefined) throw new BaselineError(shown, `baseline file not found: ${shown} (write one with --baseline-write)`);
    return { results: outcome.results, suppressed: 0, path, shown, used: false };
  }
  const existingText = exists ? readBaselineText(path, shown, outcome) : undefined;
  const previous = existingText === undefined ? undefined : parsed(existingText, shown);
  const folder = dirname(path);
  const keyOf = (filePath: string) => {
    const absolute = resolve(cwd, filePath);
    const key = relative(folder, absolute);
    return (key === '' || isAbsolute(key) ? absolute : key).split('\\').join('/');
  };
  const texts = new Map<string, string>(outcome.parsed.flatMap((file: ParsedFile) => (file.postmortem ? [[file.path, file.postmortem.source] as [string, string]] : [])));
  const files: FingerprintedResult[] = outcome.results.map((result) => {
    const key = keyOf(result.filePath);
    const needed = result.findings.length > 0 && (request.write || previous?.has(key));
    const lines = needed ? linesOfFile(result.filePath, texts, outcome) : undefined;
    return { key, result, fingerprints: needed ? result.findings.map((finding) => fingerprintOf(finding, lines)) : result.findings.map(() => '') };
  });
  let baseline: Baseline = previous ?? new Map();
  let written: BaselineOutcome['written'];
  if (request.write) {
    baseline = updateBaseline(previous, files, request.complete);
    const text = serializeBaseline(baseline);
    const changed = text !== existingText;
    if (changed) writeBaseline(path, shown, text, outcome);
    written = { changed, ...baselineSize(baseline) };
  }
  const { results, suppressed } = suppress(files, baseline);
  return { results, suppressed, path, shown, used: true, ...(written ? { written } : {}) };
}

function readBaselineText(path: string, shown: string, { reader }: Pick<LintOutcome, 'reader'>): string {
  try {
    return readText(reader.fs, path);
  } catch (error) {
    throw new BaselineError(shown, `the baseline ${shown} could not be read: ${(error as Error).message}`);
  }
}

function parsed(text: string, shown: string): Baseline {
  try {
    return parseBaseline(text);
  } catch (error) {
    if (error instanceof BaselineFormatError) throw new BaselineError(shown, `the baseline ${shown} is damaged: ${error.message}. Fix it, or delete it and run "postmortem lint --baseline-write"`);
    throw error;
  }
}

/** The file's lines: from the parse the lint kept, else read again (within the workspace, within the size limit); none when it cannot be read. */
function linesOfFile(filePath: string, texts: ReadonlyMap<string, string>, { reader, config }: Pick<LintOutcome, 'reader' | 'config'>): string[] | undefined {
  const kept = texts.get(filePath);
  if (kept !== undefined) return linesOf(kept);
  const loaded = loadFile(resolve(reader.cwd, filePath), config, reader.cwd, reader.workspace, reader.fs);
  if ('problem' in loaded) return undefined;
  // As the parser decodes it: a BOM dropped, CR and CRLF ending lines; bytes that are not UTF-8 stand as U+FFFD.
  return linesOf(new TextDecoder('utf-8').decode(loaded.bytes));
}

/** Written to a temporary file and renamed, so a run that stops half-way never leaves half a baseline. */
function writeBaseline(path: string, shown: string, text: string, { reader }: Pick<LintOutcome, 'reader'>): void {
  const { fs } = reader;
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dirname(path), { recursive: true });
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, path);
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing more to clean.
    }
    throw new BaselineError(shown, `the baseline ${shown} could not be written: ${(error as Error).message}`);
  }
}
