import { createRequire } from 'node:module';
import { ConfigError } from './types.js';

/** How long the checker may take over one pattern before the pattern is refused as unproven. */
export const CHECK_TIMEOUT_MS = 2000;

/** The longest attack string shown in a message: it is an example, not the whole input. */
const ATTACK_SHOWN = 80;

/** One regular expression a config sets, as it runs: its source and flags, and where it was written. */
export interface PatternUse {
  /** How messages name it: `idPattern`, `rules.action-item-id.pattern`. */
  key: string;
  source: string;
  flags: string;
  /** Why this form runs, when it is not the value as written (`idPattern` is also searched for in document text). */
  form?: string;
  file: string | undefined;
  line: number | undefined;
}

interface Diagnostics {
  status: 'safe' | 'vulnerable' | 'unknown';
  complexity?: { type: string; summary: string; degree?: number };
  attack?: { pattern: string };
  error?: { kind: string; message?: string };
}

type Checker = { checkSync(source: string, flags: string, params?: { timeout?: number | null }): Diagnostics };

let checker: Checker | undefined;
const verdicts = new Map<string, string | undefined>();

/**
 * recheck's pure-JS build (the package's default entry starts a native binary, which cannot be bundled). It is
 * 3 MB of code: loaded only when a config sets a pattern, so a run on the defaults never pays for it. The
 * bundles find it beside them (`dist/recheck.cjs`, written by scripts/build.mjs) rather than inside, so that
 * even parsing it is left to the runs that need it; from the sources, it comes from the package.
 */
function loadChecker(): Checker {
  if (checker) return checker;
  const load = createRequire(import.meta.url);
  try {
    checker = load('./recheck.cjs') as Checker;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
    checker = load('recheck/lib/browser.js') as Checker;
  }
  return checker;
}

/**
 * Why a pattern must not run over untrusted text, or undefined when the checker shows that it runs in linear
 * time. The verdict is kept: the same pattern is checked once in a run.
 */
export function patternProblem(source: string, flags: string, timeout = CHECK_TIMEOUT_MS): string | undefined {
  const cacheKey = `${timeout}/${flags}/${source}`;
  if (verdicts.has(cacheKey)) return verdicts.get(cacheKey);
  const result = loadChecker().checkSync(source, flags, { timeout });
  const problem = describe(result, timeout);
  verdicts.set(cacheKey, problem);
  return problem;
}

function describe(result: Diagnostics, timeout: number): string | undefined {
  if (result.status === 'safe') return undefined;
  if (result.status === 'vulnerable') {
    const complexity = result.complexity;
    const growth =
      complexity?.type === 'exponential' ? 'exponential time' : complexity?.degree === 2 ? 'quadratic time' : complexity?.degree ? `time growing with the input to the power ${complexity.degree}` : 'more than linear time';
    const attack = result.attack?.pattern;
    const example = attack ? ` (e.g. ${attack.length > ATTACK_SHOWN ? `${attack.slice(0, ATTACK_SHOWN - 3)}...` : attack})` : '';
    const advice = complexity?.type === 'exponential' ? 'rewrite it without nested repetition' : 'rewrite it so that no two repetitions can match the same text';
    return `this pattern can take ${growth} on some inputs${example}; ${advice}`;
  }
  if (result.error?.kind === 'timeout') {
    return `the ReDoS checker could not show within ${timeout / 1000} s that this pattern runs in linear time; simplify it (fewer, bounded repetitions)`;
  }
  return `the ReDoS checker could not analyse this pattern (${result.error?.kind ?? 'unknown'}${result.error?.message ? `: ${result.error.message}` : ''}), so it is not run over documents; rewrite it with simpler constructs`;
}

/** Refuses the first pattern that could take more than linear time: a ConfigError naming the key, the file and the line. */
export function checkPatterns(uses: readonly PatternUse[]): void {
  for (const use of uses) {
    const problem = patternProblem(use.source, use.flags);
    if (problem) throw new ConfigError(`"${use.key}": ${use.form ? `${use.form}, ` : ''}${problem}`, use.file, use.line);
  }
}
