import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { WorkspaceFs } from '../../src/workspace/fs.js';
import { POSTHOG_CONFIG, shared } from './shared.js';

/**
 * The real corpora, each copied into a virtual file system whose reads are counted: one run of any command reads
 * each postmortem at most once (but a lint's JSON report, which reads again the files it quotes), and the lint reads
 * the same as it does on disk (the corpora suites check what it says).
 */
const ROOT = '/corpus';

function volumeOf(corpus: string, config: string): { fs: WorkspaceFs; reads: Map<string, number>; postmortems: string[] } {
  const files: Record<string, string> = { [`${ROOT}/.postmortemrc.yml`]: config };
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[`${ROOT}/${relative(corpus, path)}`] = readFileSync(path, 'utf8');
    }
  };
  walk(corpus);
  const volume = createFsFromVolume(Volume.fromJSON(files)) as unknown as WorkspaceFs;
  const reads = new Map<string, number>();
  const readFileSync_ = (path: string) => {
    reads.set(String(path), (reads.get(String(path)) ?? 0) + 1);
    return volume.readFileSync(path);
  };
  const postmortems = Object.keys(files).filter((path) => path.endsWith('.md'));
  return { fs: { ...volume, readFileSync: readFileSync_ } as WorkspaceFs, reads, postmortems };
}

async function run(argv: string[], fs: WorkspaceFs) {
  let stdout = '';
  let stderr = '';
  const code = await main({ argv, cwd: ROOT, fs, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), color: false });
  return { code, stdout, stderr };
}

const CORPORA = [
  { name: 'dfds-postmortems', config: 'extends: dfds\n' },
  { name: 'posthog-postmortems', config: `${POSTHOG_CONFIG.join('\n')}\n` },
];

describe('each real postmortem is read once per run (an earlier incident of a pattern, indexed and then parsed: twice)', () => {
  for (const corpus of CORPORA) {
    for (const argv of [['lint', '--format', 'json'], ['patterns'], ['plan'], ['overdue', '--as-of', '2026-01-01']]) {
      it(`${corpus.name}: ${argv[0]}`, async () => {
        const { fs, reads, postmortems } = volumeOf(shared(`corpora/${corpus.name}`), corpus.config);
        const result = await run(argv, fs);
        expect(result.stderr).toBe('');
        expect([0, 1]).toContain(result.code);
        // A command that indexes first reads again only the earlier incidents of patterns, whose items it shows.
        const readTwice = postmortems.filter((path) => (reads.get(path) ?? 0) > 1);
        if (argv[0] === 'patterns') expect(readTwice.length).toBeLessThanOrEqual(Math.ceil(postmortems.length / 4));
        else if (argv[0] === 'lint') {
          // The JSON report quotes the files with findings (ESLint's `source`, the offsets of a fix): those, and only
          // those, are read again after the lint (never parsed again).
          const reports = JSON.parse(result.stdout) as { filePath: string; messages: unknown[] }[];
          expect(readTwice.sort()).toEqual(reports.filter((report) => report.messages.length > 0).map((report) => report.filePath).sort());
        } else expect(readTwice).toEqual([]);
        expect(postmortems.filter((path) => (reads.get(path) ?? 0) > 2)).toEqual([]);
        // The run did read the corpus: a command that read nothing would pass the line above.
        expect(postmortems.filter((path) => (reads.get(path) ?? 0) >= 1).length).toBeGreaterThanOrEqual(postmortems.length - 3);
        if (argv[0] === 'lint') expect((JSON.parse(result.stdout) as unknown[]).length).toBeGreaterThan(5);
      });
    }
  }
});
