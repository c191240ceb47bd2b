import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript without types.
import { generate } from '../../bench/generate.mjs';
import { node, REPO } from '../helpers.js';

/** The bundled CLI, as users run it: worker threads need the bundled worker script beside it. */
function lint(cwd: string, ...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const { code, stdout, stderr } = node([join(REPO, 'dist/cli.js'), 'lint', '--format', 'json', ...args], { cwd, env: { POSTMORTEM_DEBUG: '1' } });
  return { stdout, stderr, status: code };
}

describe('a large lint in worker threads', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pm-parallel-'));
  const documents = generate(400) as { path: string; text: string }[];
  for (const document of documents) {
    mkdirSync(dirname(join(cwd, document.path)), { recursive: true });
    writeFileSync(join(cwd, document.path), document.text);
  }

  it('gives byte for byte the output of a lint in one thread, with or without a cache', () => {
    const single = lint(cwd, '--concurrency', '1');
    const parallel = lint(cwd, '--concurrency', '2');
    expect(single.status).toBe(1);
    expect(single.stderr).toContain('400 files, 0 worker threads');
    expect(parallel.stderr).toContain('400 files, 2 worker threads, 0 results reused');
    expect(parallel.status).toBe(single.status);
    expect(parallel.stdout).toBe(single.stdout);
    expect((JSON.parse(single.stdout) as unknown[]).length).toBe(400);

    const cold = lint(cwd, '--concurrency', '2', '--cache');
    expect(cold.stderr).toContain('2 worker threads, 0 results reused');
    expect(cold.stdout).toBe(single.stdout);
    const warm = lint(cwd, '--concurrency', '2', '--cache');
    expect(warm.stderr).toContain('0 worker threads, 400 results reused');
    expect(warm.stdout).toBe(single.stdout);
  }, 120_000);

  it('a reader that stops reading (`| head`) ends the report quietly: no stack trace, the lint\'s exit code', async () => {
    // The whole report is several times what a pipe holds (64 KB): most of it is still to write when the reader goes.
    expect(lint(cwd, '--concurrency', '1').stdout.length).toBeGreaterThan(256 * 1024);
    const child = spawn(process.execPath, [join(REPO, 'dist/cli.js'), 'lint', '--format', 'json', '--concurrency', '1'], { cwd, env: { PATH: process.env.PATH ?? '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let received = 0;
    // The first piece read, the pipe is closed: a report of megabytes has most of itself still to write.
    child.stdout.once('data', (chunk: Buffer) => {
      received = chunk.length;
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(received).toBeGreaterThan(0);
    expect(stderr).toBe('');
    expect(code).toBe(1);
  }, 60_000);

  it('refuses a concurrency that is not a whole number, with usage exit code 2', () => {
    const refused = lint(cwd, '--concurrency', 'many');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--concurrency must be a whole number from 1 to 999, not "many"');
    const strategy = lint(cwd, '--cache', '--cache-strategy', 'mtime');
    expect(strategy.status).toBe(2);
    expect(strategy.stderr).toContain('--cache-strategy must be metadata or content, not "mtime"');
    expect(strategy.stdout).toBe('');
  });
});
