import type { FileResult } from '../model/finding.js';
import { formatGithub } from '../report/github.js';
import { formatJson } from '../report/json.js';
import { formatStylish } from '../report/stylish.js';
import { UsageError } from '../workspace/files.js';
import { lintWorkspace } from '../workspace/lint.js';
import { EXIT, type CliIo } from './main.js';

const FORMATS = {
  stylish: (results: FileResult[], io: CliIo) => formatStylish(results, { color: io.color }),
  json: (results: FileResult[]) => `${formatJson(results)}\n`,
  github: (results: FileResult[]) => formatGithub(results),
};

export async function lintCommand(io: CliIo, patterns: string[], options: { config?: string | undefined; format?: string | undefined }): Promise<number> {
  const format = options.format ?? 'stylish';
  if (!Object.hasOwn(FORMATS, format)) throw new UsageError(`Unknown format "${format}" (use ${Object.keys(FORMATS).join(', ')})`);
  const { results } = await lintWorkspace({ cwd: io.cwd, patterns, configPath: options.config });
  io.stdout(FORMATS[format as keyof typeof FORMATS](results, io));
  const failed = results.some((result) => result.findings.some((finding) => finding.severity === 'error'));
  return failed ? EXIT.findings : EXIT.clean;
}
