/**
 * Whether the CLI colours its output, from the environment, as Node's own
 * streams and supports-color decide: `FORCE_COLOR` set to `1`, `2`, `3`,
 * `true` or the empty string turns colour on even when stdout is not a
 * terminal, and wins over `NO_COLOR`; set to anything else (`0`, `false`) it
 * turns colour off. Unset, a terminal gets colour unless `NO_COLOR` or
 * `NODE_DISABLE_COLORS` is set (and not empty) or `TERM` is `dumb`.
 */
export function colorFromEnvironment(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (env.NO_COLOR || env.NODE_DISABLE_COLORS || env.TERM === 'dumb') return false;
  return isTTY;
}
