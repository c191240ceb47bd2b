/** Template slots: the `<…>` markers a template leaves for the author to replace. */

/** Tags that are HTML, not template markers such as <Title> or <One line: what happened>. */
const HTML_TAGS = new Set(
  (
    'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption center cite code col colgroup dd del details dfn dialog div dl dt em embed ' +
    'fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label legend li link main map mark math meta meter nav noscript ' +
    'object ol optgroup option output p param picture pre progress q rp rt ruby s samp script section select slot small source span strike strong style sub summary sup svg ' +
    'table tbody td template textarea tfoot th thead time tr track tt u ul var video wbr'
  ).split(' '),
);
/** "<Title>", "<One line: what happened>"; not "< 200 ms … >", which is prose with comparisons. */
export const ANGLE_MARKER = /<([^<>\s](?:[^<>\n]{0,118}[^<>\s])?)>/g;

export function isTemplateMarker(inner: string): boolean {
  if (inner.startsWith('!--') || inner.startsWith('!') || inner.startsWith('?')) return false;
  if (/^[a-z][\w+.-]*:\/\/|^mailto:|@/i.test(inner)) return false; // autolinks
  const tag = /^\/?([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?\/?$/.exec(inner);
  if (tag && HTML_TAGS.has(tag[1]!.toLowerCase()) && tag[1] === tag[1]!.toLowerCase()) return false;
  return true;
}


/**
 * Where a template asks for a value: question marks standing for a number (`??`, `??%`, `?mins`), a priority
 * (`P?`) or a date (`YYYY-MM-DD`). The placeholder rule reports these once, wherever they stand.
 */
export const QUESTION_SLOT = /(?<![\p{L}\p{N}?:/-])(?:P\?|\?{2,}|\?(?=%|\s?(?:mins?|minutes?|hrs?|hours?|ms|secs?|seconds?|days?|h|m|s)(?![\p{L}\p{N}])))(?:%|\s?(?:mins?|minutes?|hrs?|hours?|ms|secs?|seconds?|days?|h|m|s)(?![\p{L}\p{N}]))?(?![\p{L}\p{N}?:])/gu;
const VALUE_SLOT = /^(?:P\?|\?{2,}\s?(?:%|mins?|minutes?|hrs?|hours?|days?)?|\?\s?(?:%|mins?|minutes?|hrs?|hours?|days?)|YYYY-MM-DD|YYYYMMDD)$/;

/**
 * A table cell that is nothing but a template slot (`<YYYY-MM-DD>`, `@<owner>`
 * aside). The placeholder rule reports it once; the rules that read the cell's
 * value leave it alone rather than report the same slot again.
 */
export function isTemplateSlot(text: string | undefined): boolean {
  const trimmed = (text ?? '').trim();
  if (VALUE_SLOT.test(trimmed)) return true;
  const match = /^<([^<>\n]+)>$/.exec(trimmed);
  return match !== null && isTemplateMarker(match[1]!);
}
