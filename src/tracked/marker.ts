/**
 * The tool's block in an issue body: a hidden marker holding the incident id,
 * the item id and the tool's fields as JSON, the rendered fields, and an end
 * marker. Everything outside the block belongs to humans and is kept.
 */

export interface ItemMetadata {
  v: 1;
  incident: string;
  item: string;
  due: string;
  priority: string;
  type: string;
  owner: string;
  severity: string;
  file: string;
  /**
   * Added later, so optional: an issue written before them has none, and is still recognised. The description as
   * last written (capped), to say in a comment what it was when it changes; the commit the body was last written
   * at and the line of the item's row there, the permalink.
   */
  description?: string;
  at?: string;
  line?: number;
}

const BEGIN = '<!-- postmortem-kb:item ';
const END = '<!-- postmortem-kb:end -->';
const CLOSE = '} -->';

/**
 * The first block, as `/<!-- postmortem-kb:item (\{[^\n]*?\}) -->[\s\S]*?<!-- postmortem-kb:end -->/` finds it:
 * the first item marker closed on its own line, through the next end marker. Found with indexOf because that
 * regex retries from every marker and scans to the end each time, quadratic in a body of many markers.
 */
function findBlock(body: string): { start: number; end: number; json: string } | undefined {
  const open = `${BEGIN}{`;
  let close = -1;
  for (let start = body.indexOf(open); start !== -1; ) {
    const json = start + BEGIN.length;
    // The first close after an earlier marker is the first after this one too, so the search never goes back.
    if (close <= json) close = body.indexOf(CLOSE, json + 1);
    // No close after this marker: none after a later one either.
    if (close === -1) return undefined;
    const newline = body.indexOf('\n', json);
    if (newline !== -1 && newline < close) {
      // Markers on this line are not closed on it.
      start = body.indexOf(open, newline);
      continue;
    }
    const end = body.indexOf(END, close + CLOSE.length);
    // Every later marker's close is after this one's, so no later block can end either.
    if (end === -1) return undefined;
    return { start, end: end + END.length, json: body.slice(json, close + 1) };
  }
  return undefined;
}

/** JSON that cannot close the HTML comment it sits in, nor hold the marker words (a stored description may). */
function inert(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/--/g, '-\\u002d').replace(/(postmortem-kb):/gi, '$1\\u003a');
}

export function renderBlock(metadata: ItemMetadata, content: string): string {
  return `${BEGIN}${inert(JSON.stringify(metadata))} -->\n${content.trim()}\n${END}`;
}

const FIELDS = ['incident', 'item', 'due', 'priority', 'type', 'owner', 'severity', 'file'] as const;

/** The tool's metadata in an issue body, or undefined when the body has no (valid) block. */
export function parseMetadata(body: string | null | undefined): ItemMetadata | undefined {
  const block = findBlock(body ?? '');
  if (!block) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(block.json);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  if (record.v !== 1 || FIELDS.some((field) => typeof record[field] !== 'string')) return undefined;
  const metadata = { v: 1 } as ItemMetadata;
  for (const field of FIELDS) metadata[field] = record[field] as string;
  // Optional fields of a wrong type are left out, never a reason to disown the issue.
  if (typeof record.description === 'string') metadata.description = record.description;
  if (typeof record.at === 'string' && /^[0-9a-f]{7,64}$/i.test(record.at)) metadata.at = record.at;
  if (typeof record.line === 'number' && Number.isSafeInteger(record.line) && record.line > 0) metadata.line = record.line;
  return metadata;
}

/** The body with the tool's block replaced, and human text around it kept; a body without a block gets one on top. */
export function replaceBlock(body: string | null | undefined, block: string): string {
  const current = body ?? '';
  const found = findBlock(current);
  if (found) return `${current.slice(0, found.start)}${block}${current.slice(found.end)}`;
  return current.trim() === '' ? block : `${block}\n\n${current}`;
}

/** Removes anything that looks like the tool's markers from untrusted text, so a document cannot plant or forge one. */
export function stripMarkers(text: string): string {
  return text.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(/postmortem-kb:(item|end|escalation|report)/gi, 'postmortem-kb');
}

export function itemKey(incident: string, item: string): string {
  return `${incident}/${item}`;
}
