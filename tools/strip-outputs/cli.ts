#!/usr/bin/env node
/**
 * `strip-outputs`: keeps notebook outputs out of git. As git's clean filter it reads a
 * notebook on stdin and writes it stripped to stdout; with file names it strips them
 * in place, or with `--check` only reports those that carry outputs;
 * `--install-git-filter` registers the filter in this clone (`npm ci` does that).
 * Exit codes are listed in {@link EXIT}; see tools/strip-outputs/README.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { EXIT_OK, EXIT_USAGE, defaultIo as defaultCliIo, isEntryPoint, parseCommandLine, type CliIo } from '../cli.js';
import { stripOutputs } from './strip.js';

/** Exit codes of the command. */
export const EXIT = {
  /** Done: stripped, nothing to report, or the filter is registered (or there is no git clone to register it in). */
  ok: EXIT_OK,
  /** `--check` found notebooks with outputs, or a notebook could not be read or parsed. */
  failed: 1,
  /** Bad arguments. */
  usage: EXIT_USAGE,
} as const;

/** The filter's name, as `.gitattributes` spells it (`*.ipynb filter=strip-notebook-outputs`). */
export const FILTER_NAME = 'strip-notebook-outputs';

/** The command git runs, from the root of the clone. */
export const FILTER_COMMAND = 'node dist-tools/strip-outputs/cli.js';

export const USAGE = `Usage: node dist-tools/strip-outputs/cli.js [--check] [NOTEBOOK.ipynb ...]
       node dist-tools/strip-outputs/cli.js --install-git-filter

Removes outputs, execution counts and per-run cell metadata from notebooks, keeping
cell ids, and writes them the way Jupyter does.

  (no arguments)        read a notebook on stdin, write it stripped to stdout
                        (how git runs it as the clean filter for *.ipynb)
  NOTEBOOK.ipynb ...    strip these files in place
  --check               change nothing; list the notebooks that are not stripped
  --install-git-filter  register the filter "${FILTER_NAME}" in this git clone
                        (git config; .gitattributes already names it)
  -h, --help            show this help

Exit codes: 0 done, 1 notebooks with outputs (--check) or unreadable, 2 usage error.`;

/** Where the command reads and writes (injectable for tests): a CLI's io plus stdin. */
export interface StripIo extends CliIo {
  stdin(): string;
}

const defaultIo: StripIo = { ...defaultCliIo, stdin: () => readFileSync(0, 'utf8') };

/**
 * Runs the command with `args` (without `node` and the script).
 *
 * @returns The exit code, see {@link EXIT}.
 */
export async function main(args: readonly string[], io: StripIo = defaultIo): Promise<number> {
  const options = parseCommandLine(args, io, {
    usage: USAGE,
    options: { check: { type: 'boolean' }, 'install-git-filter': { type: 'boolean' } },
    positionals: true,
    read: (values, positionals) => {
      if (values['install-git-filter'] && (values.check || positionals.length > 0)) throw new Error('--install-git-filter takes no other arguments');
      if (values.check && positionals.length === 0) throw new Error('--check needs at least one notebook');
      return { check: values.check === true, install: values['install-git-filter'] === true, files: positionals };
    },
  });
  if (typeof options === 'number') return options;
  const { check, install, files } = options;
  if (install) return installGitFilter(io);
  if (files.length === 0) {
    try {
      io.stdout(stripOutputs(io.stdin(), '<stdin>'));
      return EXIT.ok;
    } catch (error) {
      io.stderr(`strip-outputs: ${(error as Error).message}\n`);
      return EXIT.failed;
    }
  }
  let failed = false;
  for (const path of files) {
    try {
      const text = readFileSync(path, 'utf8');
      const stripped = stripOutputs(text, path);
      if (stripped === text) continue;
      if (check) {
        io.stdout(`${path}: has outputs, execution counts or run metadata; run: node dist-tools/strip-outputs/cli.js ${path}\n`);
        failed = true;
      } else {
        writeFileSync(path, stripped);
        io.stdout(`${path}: stripped\n`);
      }
    } catch (error) {
      io.stderr(`${path}: ${(error as Error).message}\n`);
      failed = true;
    }
  }
  return failed ? EXIT.failed : EXIT.ok;
}

/** Registers the clean filter in the clone around the working directory, if there is one. */
function installGitFilter(io: StripIo): number {
  const git = (...gitArgs: string[]) => execFileSync('git', gitArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  try {
    git('rev-parse', '--git-dir');
  } catch {
    io.stdout('strip-outputs: not a git clone, no filter to register.\n');
    return EXIT.ok;
  }
  git('config', `filter.${FILTER_NAME}.clean`, FILTER_COMMAND);
  // A required filter needs both halves, or every checkout of a notebook fails: checkout passes the file through.
  git('config', `filter.${FILTER_NAME}.smudge`, 'cat');
  // Refuse to commit rather than let outputs through if the filter cannot run (dist-tools not built).
  git('config', `filter.${FILTER_NAME}.required`, 'true');
  io.stdout(`strip-outputs: git now strips notebook outputs on add and commit (filter "${FILTER_NAME}": ${FILTER_COMMAND}).\n`);
  return EXIT.ok;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
