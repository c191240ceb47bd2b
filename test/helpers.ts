import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig, type ConfigLayer } from '../src/config/resolve.js';
import type { ConfigFile, ResolvedConfig } from '../src/config/types.js';
import { lintFiles } from '../src/lint/engine.js';
import type { Finding } from '../src/model/finding.js';
import { parseDocument, type ParsedFile } from '../src/parse/document.js';
import { RULES } from '../src/rules/index.js';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** The project's shared material (seed, corpora), laid beside the repository on every machine and in CI. */
export const SHARED = process.env.POSTMORTEM_KB_SHARED ?? `${REPO}../shared/`;

export function configWith(data: ConfigFile = {}): ResolvedConfig {
  const layer: ConfigLayer = { source: 'test', data, locate: () => undefined };
  return resolveConfig([layer], REPO, RULES);
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
