import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRESETS, resolveConfig, type ConfigLayer } from '../src/config/resolve.js';
import { ConfigError, type ConfigFile, type ResolvedConfig } from '../src/config/types.js';
import { lintFiles } from '../src/lint/engine.js';
import type { Finding } from '../src/model/finding.js';
import { parseDocument, type ParsedFile } from '../src/parse/document.js';
import { RULES } from '../src/rules/index.js';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export function configWith(data: ConfigFile = {}): ResolvedConfig {
  const layer: ConfigLayer = { source: 'test', data, locate: () => undefined };
  return resolveConfig([layer], REPO, RULES);
}

/** One preset alone, resolved as `extends: <name>` would resolve it. */
export function presetConfig(name: string): ResolvedConfig {
  return resolveConfig([{ source: `preset:${name}`, data: PRESETS[name]!, locate: () => undefined }], REPO, RULES);
}

/** The ConfigError a call throws; anything else it throws, or nothing, fails the test. */
export function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

export function parse(text: string | Uint8Array, config = configWith(), path = 'test.md'): ParsedFile {
  return parseDocument(path, typeof text === 'string' ? new TextEncoder().encode(text) : text, config.format);
}

export function lint(text: string | Uint8Array, config = configWith(), path = 'test.md'): Finding[] {
  const [result] = lintFiles([parse(text, config, path)], config);
  return result!.findings;
}

export function fixture(path: string): string {
  return readFileSync(`${FIXTURES}${path}`, 'utf8');
}

/** `ruleId@line` for each finding, the compact form the rule tests compare. */
export function where(findings: readonly Finding[], ruleId?: string): string[] {
  return findings.filter((finding) => ruleId === undefined || finding.ruleId === ruleId).map((finding) => `${finding.ruleId}@${finding.line}`);
}

/** The 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`no line contains ${needle}`);
  return index + 1;
}

/** The findings of one rule as `messageId@line`. */
export function messagesOf(findings: readonly Finding[], ruleId: string): string[] {
  return findings.filter((finding) => finding.ruleId === ruleId).map((finding) => `${finding.messageId}@${finding.line}`);
}

/** Runs node as users run the bundles, with only PATH and the given variables in the environment. */
export function node(args: string[], options: { cwd: string; env?: Record<string, string> }): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every Markdown file under `dir`, outside node_modules. */
export function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/**
 * Linear-time checks run the same work on an input and on one GROWTH times larger: linear work takes about 8 times as
 * long, quadratic work 64 times. LINEAR_BOUND sits far from both: a loaded machine slows both runs, and does not turn 8 into 30.
 */
export const GROWTH = 8;
export const LINEAR_BOUND = 30;

/**
 * The time in ms of one run of `small` and of `large` (the same work on an input GROWTH times larger): the least, over
 * `repetitions`, of one run of `large` and of GROWTH runs of `small` in a row. As many small runs as the large input is
 * larger make both allocate as much, so that garbage collection weighs on both alike; alternating them spreads a slow
 * spell of the machine over both; a warm-up run of `small` keeps one-off costs (compiling a schema, the JIT) out.
 */
export function leastTimes(small: () => unknown, large: () => unknown, repetitions = 3): { small: number; large: number } {
  small();
  const times = { small: Infinity, large: Infinity };
  for (let repetition = 0; repetition < repetitions; repetition++) {
    let started = performance.now();
    for (let run = 0; run < GROWTH; run++) small();
    times.small = Math.min(times.small, (performance.now() - started) / GROWTH);
    started = performance.now();
    large();
    times.large = Math.min(times.large, performance.now() - started);
  }
  return times;
}

/** What the large input may cost: LINEAR_BOUND times the small one, which counts as at least `floorMs` so that noise on a tiny timing cannot fail a check. */
export function linearBound(times: { small: number; large: number }, floorMs: number): number {
  return LINEAR_BOUND * Math.max(times.small, floorMs);
}

/** A copy of this repository's knowledge base (postmortems/ and its .postmortemrc.yml) in a new temporary folder. */
export function copyOfKnowledgeBase(prefix = 'pm-kb-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(REPO, 'postmortems'), join(root, 'postmortems'), { recursive: true });
  cpSync(join(REPO, '.postmortemrc.yml'), join(root, '.postmortemrc.yml'));
  return root;
}

/** A temporary workspace holding these files (paths relative to it, folders made as needed). */
export function workspaceWith(files: Record<string, string>, prefix = 'pm-workspace-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
