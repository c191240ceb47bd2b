import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseCommands } from '../support/runner.js';

// An internal error's message can quote a config value: it is printed inert, like every other line.
vi.mock('../../src/cli/plan.js', () => ({
  planCommand: () => {
    throw new Error('bad value "x\n::error::Forged"');
  },
}));

afterEach(() => {
  delete process.env.POSTMORTEM_DEBUG;
});

async function run(argv: string[]) {
  let stderr = '';
  const code = await main({ argv, cwd: process.cwd(), stdout: () => undefined, stderr: (t) => void (stderr += t), color: false });
  return { code, stderr };
}

describe('an internal error', () => {
  it('is one inert line, and with POSTMORTEM_DEBUG its stack keeps its lines but starts no workflow command', async () => {
    const plain = await run(['plan']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe('postmortem: internal error: bad value "x\\n:\u200b:error:\u200b:Forged"\n');
    process.env.POSTMORTEM_DEBUG = '1';
    const debug = await run(['plan']);
    expect(parseCommands(debug.stderr)).toEqual([]);
    for (const line of debug.stderr.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
    expect(debug.stderr.split('\n').length).toBeGreaterThan(3);
  });
});
