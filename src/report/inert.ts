/**
 * Text from documents (file names, titles, descriptions, messages) where the
 * tool shows it: escaped for the place it lands, so it reads as itself and
 * never becomes markup, a mention, a link, a new line or a workflow command.
 * Escaped as text, never filtered by a list of tags: what is not markup
 * cannot be markup someone forgot to list.
 */

// C0 and C1 controls, DEL, line and paragraph separators, and the bidi controls that reorder what a reader sees.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': 'n', '\r': 'r', '\t': 't' };

/** `\n`, `\x1b`, `\u202e`: what a control character is, without the backslash. */
function escapeOf(character: string): string {
  const code = character.charCodeAt(0);
  return NAMED[character] ?? (code <= 0xff ? `x${code.toString(16).padStart(2, '0')}` : `u${code.toString(16).padStart(4, '0')}`);
}

/** Control characters as visible escapes (`\n`, `\x1b`): document text never starts a line or moves the cursor. */
export function visibleControls(text: string): string {
  return text.replace(CONTROL, (character) => `\\${escapeOf(character)}`);
}

/**
 * A line of terminal or log output built from document text. The Actions
 * runner reads a line that starts with `::` (after spaces) as a workflow
 * command, and `##[` as an old-style one; a zero-width space between the
 * characters keeps them as they look and makes them plain text.
 */
export function terminalText(text: string): string {
  return visibleControls(text).replace(/:(?=:)/g, ':\u200b').replace(/#(?=#\[)/g, '#\u200b');
}

/**
 * Between `@` and a name: GitHub no longer reads a mention, and, being a word
 * joiner (U+2060) rather than a zero-width space, a browser never breaks the
 * line there ("@carol" stays one word on the page).
 */
export const MENTION_BREAK = '\u2060';

// Every character Markdown (GitHub's flavour, math included) or HTML could read as syntax; `@` for mentions.
const MARKDOWN = /[\\`*_{}[\]()#+!|<>&~$@\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Inline Markdown that renders as exactly the text: punctuation as numeric
 * character references (which are never syntax, in a table cell, a link's
 * text or an HTML block alike), mentions broken by a word joiner (MENTION_BREAK),
 * control characters as visible escapes. A leading space, `-`, `=` or `1.`
 * cannot start code, a list or an underline either.
 */
export function markdownText(text: string): string {
  const escaped = text.replace(MARKDOWN, (character) => {
    if (character === '@') return `@&#${MENTION_BREAK.charCodeAt(0)};`;
    const code = character.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code > 0xff ? `&#92;${escapeOf(character)}` : `&#${code};`;
  });
  return escaped.replace(/^(?: |-|=|\d{1,9}[.)])/, (lead) => `${lead.slice(0, -1)}&#${lead.charCodeAt(lead.length - 1)};`);
}

/**
 * A code span that holds the text whatever it contains: a fence longer than
 * any run of backticks in it, control characters as visible escapes (a line
 * break would end the span and start a block). Not for table cells: GFM
 * splits cells at `|` even inside code, so text there is markdownText.
 */
export function codeSpan(text: string): string {
  const value = visibleControls(text);
  if (value === '') return '';
  let longest = 0;
  for (const run of value.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // One space each side is stripped when both are there: padding keeps a leading or trailing backtick or space.
  const pad = value.startsWith('`') || value.endsWith('`') || (value.startsWith(' ') && value.endsWith(' ') && value.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

// A lone surrogate cannot be percent-encoded (encodeURIComponent throws): it is shown as U+FFFD, as a browser would.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A repository path as a URL path: every segment percent-encoded, `(`, `)`,
 * `'`, `!` and `*` too, so the path cannot end a Markdown link early or
 * carry anything past it.
 */
export function urlPath(path: string): string {
  return path
    .replace(LONE_SURROGATE, '\uFFFD')
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** A URL made by the tool, encoded so that `(` and `)` in a path in it cannot end a Markdown link. */
export function linkUrl(url: string): string {
  return encodeURI(url.replace(LONE_SURROGATE, '\uFFFD')).replace(/[()]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** At most `max` characters, the last one an ellipsis when cut; never half a surrogate pair. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - 1;
  const before = text.charCodeAt(cut - 1);
  if (before >= 0xd800 && before <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** A list of at most `shown` entries, the rest counted: "a, b and 3 more". */
export function cappedList(entries: readonly string[], shown: number): string {
  if (entries.length <= shown) return entries.join(', ');
  return `${entries.slice(0, shown).join(', ')}${shown > 0 ? ' ' : ''}and ${entries.length - shown} more`;
}
