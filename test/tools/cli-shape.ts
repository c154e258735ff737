// Shared by the tool tests: every command-line tool has one shape (tools/cli.ts), so
// each one's main() is called in-process here and gets the same checks for --help and
// usage errors.
import { expect, it } from 'vitest';
import type { CliIo } from '../../tools/cli.js';

/** A tool module in the one CLI shape. */
export interface CliTool {
  main(args: readonly string[], io: CliIo): Promise<number>;
  USAGE: string;
  EXIT: { ok: number; usage: number };
}

/** What one in-process run of a tool returned and wrote. */
export interface MainRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Calls `main(args, io)` with an io that records stdout and stderr. */
export async function runMain(main: CliTool['main'], ...args: string[]): Promise<MainRun> {
  const run = { stdout: '', stderr: '' };
  const code = await main(args, { stdout: (text) => void (run.stdout += text), stderr: (text) => void (run.stderr += text) });
  return { code, ...run };
}

/**
 * The tests every tool's main() gets: `--help` prints the usage (with the exit codes)
 * on stdout and returns 0; each of `usageErrors` returns 2 and prints its message and
 * then the usage on stderr, nothing on stdout.
 */
export function itHasTheCliShape(tool: CliTool, usageErrors: Array<[string[], RegExp]>): void {
  it('main(["--help"]) prints the usage on stdout and returns 0', async () => {
    expect(await runMain(tool.main, '--help')).toEqual({ code: tool.EXIT.ok, stdout: `${tool.USAGE}\n`, stderr: '' });
    expect(tool.EXIT.ok).toBe(0);
    expect(tool.USAGE).toMatch(/^Usage: /);
    expect(tool.USAGE).toMatch(/Exit codes: 0 .*2 usage error/s);
  });

  it.each(usageErrors)('main(%j) is a usage error: the message and the usage on stderr, exit 2', async (args, message) => {
    const result = await runMain(tool.main, ...args);
    expect(result.code).toBe(tool.EXIT.usage);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr.endsWith(`\n\n${tool.USAGE}\n`)).toBe(true);
    expect(result.stdout).toBe('');
  });
}
