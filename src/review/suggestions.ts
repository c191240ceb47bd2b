import type { PlannedWrites } from '../github/apply.js';
import { writtenBy, type ReviewComment, type ReviewCommentDraft } from '../github/port.js';
import type { FileResult, Finding } from '../model/finding.js';
import { inertText } from '../tracked/text.js';
import type { ChangedLines } from './diff-lines.js';

/** Ends every suggestion comment the tool writes, with where it stands: `<!-- postmortem-kb:suggestion {"path":…,"line":…} -->`. */
const MARKER_OPEN = '<!-- postmortem-kb:suggestion ';
const MARKER_CLOSE = ' -->';
/** Opens the review's body. */
export const REVIEW_MARKER = '<!-- postmortem-kb:suggestions -->';
/** The most comments one review carries: a pull request full of them reads as noise, and GitHub slows such reviews down. */
export const MAX_SUGGESTIONS = 50;
/** What one comment quotes of a finding's message. */
const MESSAGE_LIMIT = 500;

export interface SuggestionRequest {
  /** The findings of the pull request's postmortems; only those with a suggestion count. */
  results: readonly FileResult[];
  /** The lines the pull request adds or changes, by path: suggestions elsewhere are never posted. */
  changed: ChangedLines;
  /** The files' lines as linted, by path: several suggestions on one line are combined against it. */
  lines: ReadonlyMap<string, readonly string[]>;
  /** Every review comment of the pull request; only the tool's, with its marker, are the previous run's suggestions. */
  previous: readonly ReviewComment[];
  toolLogin: string;
  pullNumber: number;
  /** The head commit the lines are read against. */
  headSha: string;
  max?: number;
}

export interface SuggestionPlan {
  /** A `review` action (when a suggestion is not yet posted) first, then one delete per out-of-date comment of the tool. */
  writes: PlannedWrites[];
  /** The comments wanted on the pull request now (at most `max`). */
  wanted: ReviewCommentDraft[];
  /** Suggestions on changed lines left out by the cap. */
  omitted: number;
  /** The tool's suggestion comments already posted as wanted. */
  kept: number;
}

/** One line's suggestion: the findings it settles and the line as it should read. */
interface LineSuggestion {
  path: string;
  line: number;
  text: string;
  findings: Finding[];
}

/**
 * The review of suggested changes, decided from the findings and the pull request's review comments. Only lines the
 * pull request changed get one; several findings on a line share one comment when their rewrites compose. Idempotent:
 * when every wanted comment is already posted by the tool, nothing is created, and only the tool's comments no longer
 * wanted are deleted; otherwise one review holds every wanted comment and the tool's earlier ones are deleted after it.
 * Comments by anyone else, marker or not, are never counted nor deleted. Pure.
 */
export function planSuggestions(request: SuggestionRequest): SuggestionPlan {
  const all = lineSuggestions(request);
  const max = request.max ?? MAX_SUGGESTIONS;
  const wanted = all.slice(0, max).map((suggestion) => ({ path: suggestion.path, line: suggestion.line, side: 'RIGHT' as const, body: commentBody(suggestion) }));
  const omitted = all.length - wanted.length;
  const own = request.previous.filter((comment) => writtenBy(comment.author, request.toolLogin) && markerOf(comment.body) !== undefined);
  // Each wanted comment matched once: a comment posted twice by racing runs is out of date the second time.
  const unmatched = [...own];
  const missing = wanted.filter((draft) => {
    const index = unmatched.findIndex((comment) => comment.body === draft.body && comment.path === draft.path);
    if (index === -1) return true;
    unmatched.splice(index, 1);
    return false;
  });
  const stale = missing.length > 0 ? own : unmatched;
  const deletes: PlannedWrites[] = stale.map((comment) => ({ key: `suggestion ${comment.id}`, writes: [{ op: 'delete-review-comment', id: comment.id }] }));
  if (missing.length === 0) return { writes: deletes, wanted, omitted, kept: own.length - stale.length };
  const review: PlannedWrites = {
    key: 'review',
    writes: [{ op: 'create-review', pull: request.pullNumber, commitId: request.headSha, body: reviewBody(wanted.length, omitted), comments: wanted, expectAuthor: request.toolLogin }],
  };
  return { writes: [review, ...deletes], wanted, omitted, kept: 0 };
}

/** Where a tool's suggestion comment says it stands, or undefined when the body carries no marker of ours at its end. */
export function markerOf(body: string): { path: string; line: number } | undefined {
  // String methods, not a pattern: the body is anyone's text, and only its last line can be ours.
  const start = body.lastIndexOf(`\n${MARKER_OPEN}`);
  if (start === -1 || !body.endsWith(MARKER_CLOSE)) return undefined;
  const json = body.slice(start + 1 + MARKER_OPEN.length, body.length - MARKER_CLOSE.length);
  if (json.includes('\n')) return undefined;
  try {
    const data = JSON.parse(json) as { path?: unknown; line?: unknown };
    if (typeof data.path !== 'string' || typeof data.line !== 'number') return undefined;
    return { path: decodeURIComponent(data.path), line: data.line };
  } catch {
    return undefined;
  }
}

/** The suggestions on changed lines, by file and line, one per line. */
function lineSuggestions(request: SuggestionRequest): LineSuggestion[] {
  const found: LineSuggestion[] = [];
  for (const result of [...request.results].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0))) {
    const changed = request.changed.get(result.filePath);
    const lines = request.lines.get(result.filePath);
    if (!changed || !lines) continue;
    const byLine = new Map<number, Finding[]>();
    for (const finding of result.findings) {
      const suggestion = finding.suggestion;
      if (!suggestion || !changed.has(suggestion.line) || lines[suggestion.line - 1] === undefined) continue;
      byLine.set(suggestion.line, [...(byLine.get(suggestion.line) ?? []), finding]);
    }
    for (const [line, findings] of [...byLine].sort(([a], [b]) => a - b)) {
      const combined = combine(lines[line - 1]!, findings);
      if (combined) found.push({ path: result.filePath, line, ...combined });
    }
  }
  return found;
}

/** A whole-line rewrite as the one span of the original it replaces. */
interface Edit {
  from: number;
  to: number;
  text: string;
}

function editOf(original: string, wanted: string): Edit {
  let from = 0;
  while (from < original.length && from < wanted.length && original[from] === wanted[from]) from++;
  let tail = 0;
  while (tail < original.length - from && tail < wanted.length - from && original[original.length - 1 - tail] === wanted[wanted.length - 1 - tail]) tail++;
  return { from, to: original.length - tail, text: wanted.slice(from, wanted.length - tail) };
}

/**
 * The line with every finding's rewrite applied, when they touch separate parts of it; else the first finding's alone.
 * Findings that want the same line are one. None when nothing would change.
 */
function combine(original: string, findings: readonly Finding[]): { text: string; findings: Finding[] } | undefined {
  const distinct: { text: string; findings: Finding[] }[] = [];
  for (const finding of findings) {
    const text = finding.suggestion!.text;
    if (text === original) continue;
    const same = distinct.find((entry) => entry.text === text);
    if (same) same.findings.push(finding);
    else distinct.push({ text, findings: [finding] });
  }
  if (distinct.length <= 1) return distinct[0];
  const edits = distinct.map((entry) => ({ ...editOf(original, entry.text), findings: entry.findings })).sort((a, b) => a.from - b.from || a.to - b.to);
  for (let index = 1; index < edits.length; index++) {
    const [before, after] = [edits[index - 1]!, edits[index]!];
    // Overlapping, or two insertions at one place (whose order is a guess): they do not compose.
    if (after.from < before.to || (after.from === before.to && (before.from === before.to || after.from === after.to))) return distinct[0];
  }
  let text = original;
  for (const edit of [...edits].reverse()) text = text.slice(0, edit.from) + edit.text + text.slice(edit.to);
  return { text, findings: distinct.flatMap((entry) => entry.findings).sort((a, b) => a.column - b.column) };
}

/** A fence no line of the text can close: longer than any run of backticks in it. */
function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The comment: what each finding says (inert), the suggestion block, and the marker that finds it again. */
function commentBody(suggestion: LineSuggestion): string {
  const said = suggestion.findings.map((finding) => `**${inertText(finding.ruleId, 64)}**: ${inertText(finding.message, MESSAGE_LIMIT)}`);
  const fence = fenceFor(suggestion.text);
  // The path is percent-encoded, so no file name can close the HTML comment (`-->`) or the line.
  const marker = `${MARKER_OPEN}${JSON.stringify({ path: encodeURIComponent(suggestion.path), line: suggestion.line })}${MARKER_CLOSE}`;
  return [...said.map((line) => `${line}  `), '', `${fence}suggestion`, suggestion.text, fence, '', marker].join('\n');
}

function reviewBody(posted: number, omitted: number): string {
  const lines = [
    REVIEW_MARKER,
    `**postmortem-kb** suggests ${posted} change${posted === 1 ? '' : 's'} that ${posted === 1 ? 'is' : 'are'} mechanical and certain (a date as YYYY-MM-DD, a tag normalised, a blameless rewording), on lines this pull request changed. Commit ${posted === 1 ? 'it' : 'them'} from here, or edit the file.`,
  ];
  if (omitted > 0) lines.push('', `${omitted} more suggestion${omitted === 1 ? ' is' : 's are'} not posted here (at most ${posted} per review); they appear once these are settled, and the findings are all in the job summary.`);
  return lines.join('\n');
}
