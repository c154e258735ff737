// tools/cli.ts: the start every tool's main() shares, and how a tool module knows it
// is the script node runs.
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE, isEntryPoint, parseCommandLine, type CommandLine } from '../../tools/cli.js';

const USAGE = 'Usage: demo [--count N] FILE...';
const OPTIONS = { count: { type: 'string' }, verbose: { type: 'boolean', short: 'v' } } as const;

function demo(args: string[], read: CommandLine<typeof OPTIONS, object>['read'] = (values, positionals) => ({ values, positionals })) {
  const io = { stdout: '', stderr: '' };
  const result = parseCommandLine(args, { stdout: (t) => void (io.stdout += t), stderr: (t) => void (io.stderr += t) }, { usage: USAGE, options: OPTIONS, positionals: true, read });
  return { result, ...io };
}

describe('parseCommandLine', () => {
  it('parseCommandLine returns what read() makes of the values and operands, writing nothing', () => {
    const { result, stdout, stderr } = demo(['a.txt', '--count', '3', '-v', 'b.txt']);
    expect(result).toEqual({ values: { count: '3', verbose: true }, positionals: ['a.txt', 'b.txt'] });
    expect(stdout + stderr).toBe('');
  });

  it.each([['--help'], ['-h'], ['a.txt', '--help']])('parseCommandLine(%j) prints the usage on stdout and returns exit code 0', (...args) => {
    const { result, stdout, stderr } = demo(args, () => {
      throw new Error('read() must not run for --help');
    });
    expect(result).toBe(EXIT_OK);
    expect(stdout).toBe(`${USAGE}\n`);
    expect(stderr).toBe('');
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--count'], /Option '--count <value>' argument missing/],
  ])('parseCommandLine(%j) prints the error and the usage on stderr and returns exit code 2', (args, message) => {
    const { result, stdout, stderr } = demo(args);
    expect(result).toBe(EXIT_USAGE);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/^error: /);
    expect(stderr.endsWith(`\n\n${USAGE}\n`)).toBe(true);
    expect(stdout).toBe('');
  });

  it('parseCommandLine turns an error thrown by read() into a usage error', () => {
    const { result, stderr } = demo(['--count', 'many'], (values) => {
      throw new Error(`Expected --count to be a number but found ${values.count}`);
    });
    expect(result).toBe(EXIT_USAGE);
    expect(stderr).toBe(`error: Expected --count to be a number but found many\n\n${USAGE}\n`);
  });

  it('parseCommandLine rejects operands unless the command takes them', () => {
    let stderr = '';
    const io = { stdout: () => undefined, stderr: (t: string) => void (stderr += t) };
    expect(parseCommandLine(['x'], io, { usage: USAGE, options: {}, read: () => ({}) })).toBe(EXIT_USAGE);
    expect(stderr).toMatch(/Unexpected argument 'x'/);
  });
});

describe('isEntryPoint', () => {
  it('isEntryPoint is true only for the script node was started with', () => {
    expect(isEntryPoint(pathToFileURL(process.argv[1]!).href)).toBe(true);
    expect(isEntryPoint(import.meta.url)).toBe(false);
    expect(isEntryPoint(pathToFileURL('/no/such/module.js').href)).toBe(false);
  });
});
