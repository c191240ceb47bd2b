import { existsSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: the benchmark's corpora are plain JavaScript without types.
import { POSTHOG_CONFIG as POSTHOG_LINES } from '../../bench/corpora.mjs';
import { REPO } from '../helpers.js';

/**
 * The project's material laid beside the repository in CI but not in a clone (seed, corpora): only these
 * `*.corpora.ts` suites (`npm run test:corpora`) read it.
 */
const MATERIAL = process.env.POSTMORTEM_KB_SHARED ?? join(REPO, '..', 'shared');

/** A path in that material; throws, naming what is missing, so that a corpora suite fails instead of passing on nothing. */
export function shared(relative: string): string {
  const path = join(MATERIAL, relative);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: npm run test:corpora reads the seed and the corpora from the folder beside the repository, or from POSTMORTEM_KB_SHARED`);
  }
  return path;
}

/** The configuration a team would write for PostHog's postmortems (no frontmatter, their own section names), in 8 lines: the bench lints the corpus by it too. */
export const POSTHOG_CONFIG = POSTHOG_LINES as readonly string[];
