/**
 * The lines a pull request adds or changes, on the RIGHT side of its diff: the only lines a suggestion may be posted
 * on. Pure: reads unified-diff text, from the pull request files API (`patch`, one file's hunks) or from
 * `git diff --unified=0` (every file, with headers).
 */

/** Changed lines by repository-relative path; a file absent from the map has none that can be suggested on. */
export type ChangedLines = Map<string, Set<number>>;

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/**
 * The new file's line numbers that the hunks of one file add (`+` lines). Context lines and removed lines are not
 * the pull request's; `\ No newline at end of file` is a marker, not a line. Text before the first hunk is ignored.
 */
export function addedLines(patch: string): Set<number> {
  const added = new Set<number>();
  let next: number | undefined;
  for (const line of patch.split('\n')) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      next = Number(hunk[1]);
      continue;
    }
    if (next === undefined || line.startsWith('\\')) continue;
    if (line.startsWith('+')) added.add(next++);
    else if (line.startsWith(' ')) next++;
    // '-' lines are the old file's; anything else (an empty trailing line) moves nothing.
  }
  return added;
}

/**
 * Every file of a `git diff --unified=0 --no-color` output, by its new path (`+++ b/…`); a deleted file (`+++ /dev/null`)
 * and a binary one (no hunks) have no lines. Paths git quotes (`"b/caf\303\251.md"`) are unquoted.
 */
export function changedLinesOfDiff(diff: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let path: string | undefined;
  let hunks: string[] = [];
  const flush = () => {
    if (path !== undefined && hunks.length > 0) {
      const lines = addedLines(hunks.join('\n'));
      if (lines.size > 0) changed.set(path, lines);
    }
    hunks = [];
  };
  let inHeader = true;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      flush();
      path = undefined;
      inHeader = true;
      continue;
    }
    if (inHeader && line.startsWith('+++ ')) {
      // Git ends a path holding a space with a tab, so the line cannot be misread.
      const target = line.slice(4).replace(/\t$/, '');
      path = target === '/dev/null' ? undefined : stripPrefix(unquote(target));
      continue;
    }
    if (HUNK.test(line)) inHeader = false;
    if (!inHeader) hunks.push(line);
  }
  flush();
  return changed;
}

/** From the pull request files API: each file's `patch`; a file GitHub sends without one (too large, binary) has no lines. */
export function changedLinesOfFiles(files: readonly { path: string; patch?: string | undefined }[]): ChangedLines {
  const changed: ChangedLines = new Map();
  for (const file of files) {
    if (file.patch === undefined) continue;
    const lines = addedLines(file.patch);
    if (lines.size > 0) changed.set(file.path, lines);
  }
  return changed;
}

function stripPrefix(path: string): string {
  return path.startsWith('b/') ? path.slice(2) : path;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Git's C-style quoting of unusual paths: octal escapes are UTF-8 bytes. */
function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const encoder = new TextEncoder();
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char !== '\\') {
      const point = String.fromCodePoint(body.codePointAt(index)!);
      bytes.push(...encoder.encode(point));
      index += point.length - 1;
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(index + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      index += 3;
    } else {
      const escaped = body[index + 1] ?? '';
      bytes.push(ESCAPES[escaped] ?? escaped.charCodeAt(0));
      index += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
