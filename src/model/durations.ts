/** Durations as people write them: "25 minutes", "5 min", "1h 30m", "2 hours (slow mitigation)", "00:25". */

// The unit ends where letters do: "1h18m" is 1 h and 18 min. A number starts after a non-digit: retrying from every
// digit of a long run made a cell of N digits cost N² (no match can start mid-run anyway, so nothing else changes).
const PART = /(?<!\d)(\d+(?:\.\d+)?)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)(?![a-z])/gi;
const UNIT_MINUTES: Record<string, number> = { s: 1 / 60, m: 1, h: 60, d: 1440 };

/** Minutes, or undefined when the text states no duration. */
export function parseDuration(text: string): number | undefined {
  const clock = /^\s*(\d{1,3}):(\d{2})\b/.exec(text);
  // "21:45 to 23:28 UTC (103 minutes)" is a span of the clock, not a duration of 21 h 45.
  if (clock && !/\d:\d{2}/.test(text.slice(clock[0].length))) return Number(clock[1]) * 60 + Number(clock[2]);
  let total = 0;
  let found = false;
  let end = -1;
  for (const match of text.matchAll(PART)) {
    // "1 h 30 min" adds up; "6 min (SLO 15 min)" is 6 minutes and an aside.
    if (found && !/^[\s,]*(?:and[\s,]*)?$/.test(text.slice(end, match.index))) break;
    end = match.index + match[0].length;
    const unit = match[2]!.toLowerCase();
    const key = unit.startsWith('mi') || unit === 'm' ? 'm' : unit.startsWith('h') ? 'h' : unit.startsWith('d') ? 'd' : 's';
    total += Number(match[1]) * UNIT_MINUTES[key]!;
    found = true;
  }
  return found ? total : undefined;
}

export function formatMinutes(minutes: number): string {
  const rounded = Math.round(minutes);
  if (rounded < 120) return `${rounded} min`;
  const hours = Math.floor(rounded / 60);
  const rest = rounded % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
