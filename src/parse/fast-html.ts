/**
 * Which lines open an HTML block that runs to the next blank line (CommonMark's kinds 6 and 7), for the
 * plain-block reader: postmortems paste screenshots as `<img …>` lines and wrap logs in `<details>`. The other
 * kinds (`<script>`, `<pre>`, `<style>`, `<textarea>`, `<?`, `<!X`, CDATA) end at their closing text instead, and
 * are left to micromark (comments are read by the reader itself).
 */

/** Kind 6: these tag names, opening or closing, open a block whatever follows the name. */
const BLOCK_TAGS = new Set(
  (
    'address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt ' +
    'fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link ' +
    'main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead ' +
    'title tr track ul'
  ).split(' '),
);
/** Kind 1, which does not end at a blank line. */
const RAW_TAGS = new Set(['script', 'pre', 'style', 'textarea']);

const isLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isSpace = (code: number): boolean => code === 32 || code === 9;

/** Whether a line at the margin opens an HTML block that ends at the next blank line. */
export function opensHtmlBlock(line: string): boolean {
  if (line.charCodeAt(0) !== 60 /* < */) return false;
  const closing = line.charCodeAt(1) === 47; /* / */
  let at = closing ? 2 : 1;
  if (!isLetter(line.charCodeAt(at))) return false;
  const nameStart = at;
  while (isLetter(line.charCodeAt(at)) || isDigit(line.charCodeAt(at)) || line.charCodeAt(at) === 45 /* - */) at++;
  const name = line.slice(nameStart, at).toLowerCase();
  if (BLOCK_TAGS.has(name)) {
    const after = line.charCodeAt(at);
    return Number.isNaN(after) || isSpace(after) || after === 62 /* > */ || (after === 47 && line.charCodeAt(at + 1) === 62);
  }
  if (RAW_TAGS.has(name) && !closing) return false;
  const end = closing ? afterClosingTag(line, at) : afterOpenTag(line, at);
  if (end === undefined) return false;
  for (let rest = end; rest < line.length; rest++) if (!isSpace(line.charCodeAt(rest))) return false;
  return true;
}

/** After a closing tag's name: spaces and `>`; where the tag ends. */
function afterClosingTag(line: string, at: number): number | undefined {
  while (isSpace(line.charCodeAt(at))) at++;
  return line.charCodeAt(at) === 62 ? at + 1 : undefined;
}

/** After an open tag's name: its attributes, then `>` or `/>`; where the tag ends (one pass over the line). */
function afterOpenTag(line: string, at: number): number | undefined {
  for (;;) {
    const spaceStart = at;
    while (isSpace(line.charCodeAt(at))) at++;
    const code = line.charCodeAt(at);
    if (code === 62) return at + 1;
    if (code === 47) return line.charCodeAt(at + 1) === 62 ? at + 2 : undefined;
    // An attribute needs a space before its name.
    if (at === spaceStart || !(isLetter(code) || code === 95 || code === 58)) return undefined;
    at++;
    while (at < line.length && (isLetter(line.charCodeAt(at)) || isDigit(line.charCodeAt(at)) || '_.:-'.includes(line[at]!))) at++;
    const beforeValue = at;
    while (isSpace(line.charCodeAt(at))) at++;
    if (line.charCodeAt(at) !== 61 /* = */) {
      at = beforeValue;
      continue;
    }
    at++;
    while (isSpace(line.charCodeAt(at))) at++;
    const quote = line[at];
    if (quote === '"' || quote === "'") {
      const close = line.indexOf(quote, at + 1);
      if (close === -1) return undefined;
      at = close + 1;
    } else {
      const valueStart = at;
      while (at < line.length && !' \t"\'=<>`'.includes(line[at]!)) at++;
      if (at === valueStart) return undefined;
    }
  }
}
